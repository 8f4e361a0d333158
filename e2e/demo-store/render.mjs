// Server-side HTML templates for the demo store.
//
// Every template is built with the `html` tagged template below, which HTML-escapes
// every interpolated value unless it is itself the result of `html` (or `raw`, used only
// for trusted constants such as inline SVG icons). Arrays are joined, null/false render
// as nothing. The page functions return plain strings.

import { STORE_NAME, FREE_SHIPPING_THRESHOLD, categories, products, getCategory, productsIn, featuredProducts, relatedProducts, formatPrice } from './catalog.mjs';

// ── Escaping ─────────────────────────────────────────────────────────────────

class SafeHtml {
  /** @param {string} value */
  constructor(value) {
    this.value = value;
  }
  toString() {
    return this.value;
  }
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape a value for use in HTML text or in a quoted attribute value. */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function renderValue(value) {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  return escapeHtml(value);
}

/** Tagged template: escapes every interpolation. */
export function html(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += renderValue(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Mark a trusted constant (never user input) as already-safe HTML. */
function raw(value) {
  return new SafeHtml(String(value));
}

// ── Small helpers ────────────────────────────────────────────────────────────

const icon = (paths, cls = 'icon') =>
  raw(
    `<svg class="${cls}" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths}</svg>`,
  );

const ICONS = {
  search: icon('<circle cx="11" cy="11" r="6.5"/><path d="m20 20-4.2-4.2"/>'),
  bag: icon('<path d="M5.5 8h13l-1 12.5h-11z"/><path d="M9 10V7a3 3 0 0 1 6 0v3"/>'),
  truck: icon('<path d="M2.5 6.5h11v10h-11z"/><path d="M13.5 10h4l3 3v3.5h-7"/><circle cx="6.5" cy="17.5" r="1.8"/><circle cx="17" cy="17.5" r="1.8"/>'),
  returns: icon('<path d="M9 14 4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>'),
  shield: icon('<path d="M12 3 5 6v5.5c0 4.6 3 7.9 7 9.5 4-1.6 7-4.9 7-9.5V6z"/><path d="m9 12 2.2 2.2L15.5 10"/>'),
  repair: icon('<path d="M14.5 6.5a4 4 0 0 0-5.3 5.3L4 17l3 3 5.2-5.2a4 4 0 0 0 5.3-5.3l-2.4 2.4-2.6-.4-.4-2.6z"/>'),
  leaf: icon('<path d="M5 20c0-9.5 5.5-15 15-15 0 9.5-5.5 15-15 15z"/><path d="M5 20 14 11"/>'),
  arrow: icon('<path d="M5 12h14"/><path d="m13 6 6 6-6 6"/>'),
  check: icon('<path d="m5 12.5 4.5 4.5L19 7.5"/>'),
  flask: icon('<path d="M9 3h6"/><path d="M10 3v6l-5 9a2 2 0 0 0 1.8 3h10.4a2 2 0 0 0 1.8-3l-5-9V3"/><path d="M7.5 15h9"/>'),
};

const LOGO_MARK = raw(
  '<svg class="logo__mark" viewBox="0 0 40 40" width="36" height="36" aria-hidden="true" focusable="false">' +
    '<rect width="40" height="40" rx="10" fill="#1d4a3a"/>' +
    '<path d="M6 29 15.5 14l5 7.5 4-5.5L34 29z" fill="#f4efe6"/>' +
    '<path d="m15.5 14 2.6 4-2.6 1.6-2.6-1.6z" fill="#e8a25c"/>' +
    '<circle cx="28.5" cy="11.5" r="3" fill="#e8a25c"/>' +
    '</svg>',
);

const SDK_TAG = raw('<script async src="/__sw/sw.js" data-sw-datalayer></script>');

function priceHtml(p) {
  if (p.was && p.was > p.price) {
    return html`<span class="price price--sale">${formatPrice(p.price)}</span> <s class="price-was"><span class="visually-hidden">Was </span>${formatPrice(p.was)}</s>`;
  }
  return html`<span class="price">${formatPrice(p.price)}</span>`;
}

function badgeHtml(p) {
  if (p.inStock === false) return html`<span class="badge badge--soldout">Sold out</span>`;
  if (p.was && p.was > p.price) {
    const pct = Math.round((1 - p.price / p.was) * 100);
    return html`<span class="badge badge--sale">Sale −${pct}%</span>`;
  }
  if (p.tags.includes('new')) return html`<span class="badge badge--new">New</span>`;
  if (p.tags.includes('bestseller')) return html`<span class="badge">Bestseller</span>`;
  return '';
}

function addToCartButton(p, { large = false, label = 'Add to cart' } = {}) {
  if (p.inStock === false) {
    return html`<button class="${large ? 'btn btn--large btn--block' : 'btn btn--small btn--outline'}" type="button" disabled>Sold out</button>`;
  }
  return html`<button class="${large ? 'btn btn--large btn--block' : 'btn btn--small btn--outline'}" type="button"
      data-sw-track="add_to_cart" data-sku="${p.slug}" data-price="${p.price}" data-category="${p.category}"
      data-name="${p.name}" data-colour="${p.colour}" data-image="${p.image}" data-url="/p/${p.slug}"
     ${large ? '' : html` aria-label="${label}: ${p.name}"`}>${large ? ICONS.bag : ''}${label}</button>`;
}

function productCard(p, { headingLevel = 3 } = {}) {
  const cat = getCategory(p.category);
  const h = raw(`h${headingLevel}`);
  return html`<li class="card">
  <div class="card__media">
    <img src="${p.image}" alt="${p.name} in ${p.colour}" width="400" height="400" loading="lazy" decoding="async">
    ${badgeHtml(p)}
  </div>
  <div class="card__body">
    <p class="card__meta">${cat ? cat.name : p.category} · ${p.colour}</p>
    <${h} class="card__title"><a href="/p/${p.slug}">${p.name}</a></${h}>
    <p class="card__price">${priceHtml(p)}</p>
    ${addToCartButton(p)}
  </div>
</li>`;
}

function productGrid(list, opts) {
  return html`<ul class="grid" role="list">${list.map((p) => productCard(p, opts))}</ul>`;
}

/** Link to the current page with `sw_country` set (or cleared). */
function withCountry(url, code) {
  const params = new URLSearchParams(url ? url.search : '');
  params.set('sw_country', code);
  return `${url ? url.pathname : '/'}?${params.toString()}`;
}

// ── Slots (default content) ──────────────────────────────────────────────────

export const SLOT_DEFAULTS = Object.freeze({
  announcement: 'Free shipping on orders over €50',
  hero: 'Gear for every season',
  promo: 'New in: kitchen essentials — explore the range',
  'product-offer': 'In stock — ships in 2 days',
  'picked-for-you': 'Picked for you',
});

/** What the "Picked for you" slot shows a visitor Slotwise knows nothing about: the best-rated gear in stock. */
export function defaultPicks(count = 4) {
  return products
    .filter((p) => p.inStock !== false)
    .slice()
    .sort((a, b) => b.rating - a.rating || b.reviews - a.reviews)
    .slice(0, count);
}

function announcementSlot() {
  return html`<div data-slot="announcement" class="announcement">${SLOT_DEFAULTS.announcement}</div>`;
}

function heroSlot() {
  return html`<section data-slot="hero" class="hero">
  <p class="eyebrow">Trail-tested since 2012</p>
  <h1>${SLOT_DEFAULTS.hero}</h1>
  <p>Shoes, camp kit and kitchen tools from a small team in Rotterdam. Made to last, easy to repair, and shipped carbon-neutral to your door.</p>
  <a class="btn" href="/outdoor">Shop outdoor</a>
  <img src="/static/img/hero.svg" alt="Illustration of a tent glowing at dusk below snowy mountains and pine trees" width="640" height="480">
</section>`;
}

function promoSlot() {
  return html`<div data-slot="promo" class="promo">
  <img src="/static/img/promo-kitchen.svg" alt="" width="160" height="120">
  <p><strong>${SLOT_DEFAULTS.promo}</strong></p>
  <p>Cast iron, pour-over kettles and hand-glazed mugs — for the kitchen and the campfire.</p>
  <a class="btn" href="/kitchen">Shop kitchen</a>
</div>`;
}

function productOfferSlot(p) {
  if (p && p.inStock === false) {
    return html`<div data-slot="product-offer" class="product-offer product-offer--soldout">
  <p><span class="stock-dot stock-dot--out" aria-hidden="true"></span>Sold out — back in a few weeks</p>
</div>`;
  }
  return html`<div data-slot="product-offer" class="product-offer">
  <p><span class="stock-dot" aria-hidden="true"></span>${SLOT_DEFAULTS['product-offer']}</p>
</div>`;
}

// The cards use the store's own classes, so a recommendation template written with them looks the same.
function pickedForYouSlot() {
  return html`<section data-slot="picked-for-you" class="picks">
  <div class="section__head"><h2>${SLOT_DEFAULTS['picked-for-you']}</h2><p class="muted">Our best-rated gear right now</p></div>
  <ul class="grid grid--picks" role="list">${defaultPicks().map((p) => productCard(p))}</ul>
</section>`;
}

// ── Layout ───────────────────────────────────────────────────────────────────

function siteHeader({ active = '', query = '' } = {}) {
  const nav = [...categories.map((c) => ({ href: `/${c.slug}`, label: c.name, key: c.slug })), { href: '/search?q=sale', label: 'Sale', key: 'sale', cls: 'nav-sale' }];
  return html`<header class="site-header">
  <div class="container header-inner">
    <a class="logo" href="/">${LOGO_MARK}<span class="logo__text">Northwind <span>Outfitters</span></span></a>
    <nav class="site-nav" aria-label="Main">
      <ul role="list">
        ${nav.map((n) => html`<li><a href="${n.href}"${n.cls ? html` class="${n.cls}"` : ''}${n.key === active ? raw(' aria-current="page"') : ''}>${n.label}</a></li>`)}
      </ul>
    </nav>
    <form class="search-form" role="search" action="/search" method="get">
      <label class="visually-hidden" for="site-search">Search products</label>
      <input id="site-search" name="q" type="search" value="${query}" placeholder="Search shoes, tents, kettles…" autocomplete="off" enterkeyhint="search">
      <button type="submit" class="search-form__button"><span class="visually-hidden">Search</span>${ICONS.search}</button>
    </form>
    <a class="cart-link" href="/cart"${active === 'cart' ? raw(' aria-current="page"') : ''}>
      ${ICONS.bag}<span class="cart-link__label">Cart</span>
      <span class="cart-count" data-cart-count>0</span><span class="visually-hidden"> items</span>
    </a>
  </div>
</header>`;
}

function trustStrip() {
  const items = [
    [ICONS.truck, 'Free shipping over €50', 'Carbon-neutral delivery in 2–4 days'],
    [ICONS.returns, '30-day free returns', 'Changed your mind? Send it back'],
    [ICONS.shield, '2-year warranty', 'On everything we sell'],
    [ICONS.repair, 'Repairs for life', 'We fix it before you replace it'],
  ];
  return html`<ul class="trust" role="list">
  ${items.map(([ic, title, text]) => html`<li>${ic}<div><strong>${title}</strong><span>${text}</span></div></li>`)}
</ul>`;
}

function demoControls(url) {
  const current = url ? url.searchParams.get('sw_country') : null;
  const countries = [
    ['DE', 'Germany'],
    ['FR', 'France'],
    ['US', 'United States'],
  ];
  return html`<aside class="demo-controls" aria-labelledby="demo-controls-title">
  <p class="demo-controls__tag">${ICONS.flask}Demo / developer tool</p>
  <h2 id="demo-controls-title">Demo controls</h2>
  <p class="demo-controls__row">Preview as a visitor from:
    ${countries.map(
      ([code, name]) => html`<a class="chip" href="${withCountry(url, code)}"${current === code ? raw(' aria-current="true"') : ''}>${name}</a> `,
    )}<a class="chip chip--reset" href="${withCountry(url, '')}">Reset</a>
  </p>
  <p class="demo-controls__note">These links add <code>?sw_country=</code> to this page. Through the Slotwise Worker in dev mode you are then treated as a visitor from that country, so you can check geo-targeted slots. Not part of a real store.</p>
  <p class="demo-controls__row">Pretend your last visit was
    <button type="button" class="chip" data-demo-age="45">45 days ago</button>
  </p>
  <p class="demo-controls__note">Shifts the history Slotwise keeps on this device back by 45 days (<code>sw.age(45)</code>), then reloads: you arrive as a lapsed visitor. Needs consent.</p>
  <p class="demo-controls__row">Sign in as
    <button type="button" class="chip" data-demo-identify="cust-4711">VIP member cust-4711</button>
  </p>
  <p class="demo-controls__note">The store's backend signs the id; <code>sw.identify({ id }, signature)</code> keeps both in the <code>sw_uid</code> cookie, and the top bar greets members of the <code>vip-members</code> ID list. A hand-written cookie counts for nothing. Needs consent.</p>
</aside>`;
}

function siteFooter(url) {
  return html`<footer class="site-footer">
  <div class="container footer-grid">
    <div class="footer-brand">
      <a class="logo logo--footer" href="/">${LOGO_MARK}<span class="logo__text">Northwind <span>Outfitters</span></span></a>
      <p>Outdoor gear and kitchen tools, made to last. Family-run in Rotterdam since 2012.</p>
      <p class="footer-fineprint">${STORE_NAME} is a fictional shop: the demo store of Slotwise, the open-source personalisation platform. Nothing here is for sale.</p>
    </div>
    <nav class="footer-col" aria-labelledby="footer-shop">
      <h2 id="footer-shop">Shop</h2>
      <ul role="list">
        ${categories.map((c) => html`<li><a href="/${c.slug}">${c.name}</a></li>`)}
        <li><a href="/search?q=sale">Sale</a></li>
        <li><a href="/cart">Your cart</a></li>
      </ul>
    </nav>
    <div class="footer-col">
      <h2>Customer care</h2>
      <ul role="list">
        <li>Mon–Fri, 9:00–17:00 CET</li>
        <li>hello@northwind.example</li>
        <li>Free shipping over €${FREE_SHIPPING_THRESHOLD}</li>
        <li>30-day free returns</li>
      </ul>
    </div>
    ${demoControls(url)}
  </div>
  <div class="container footer-bottom">
    <p>© ${new Date().getUTCFullYear()} ${STORE_NAME}. Prices include VAT.</p>
    <p>Secure payment · iDEAL · Visa · Mastercard · PayPal</p>
  </div>
</footer>`;
}

function consentBanner() {
  return html`<div class="consent" data-consent hidden role="region" aria-label="Personalisation consent">
  <div class="container consent__inner">
    <p>We personalise this store on your device.</p>
    <div class="consent__actions">
      <button type="button" class="btn btn--small" data-consent-choice="granted">Accept</button>
      <button type="button" class="btn btn--small btn--ghost" data-consent-choice="denied">Decline</button>
    </div>
  </div>
</div>
<div class="toast" data-toast role="status" aria-live="polite"></div>`;
}

function head({ title, description, category, product, tags, robots }) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description || 'Outdoor gear, shoes and kitchen tools, made to last. Free shipping over €50.'}">
${robots ? html`<meta name="robots" content="${robots}">\n` : ''}<meta name="theme-color" content="#1d4a3a">
${category ? html`<meta name="sw:category" content="${category}">\n` : ''}${product ? html`<meta name="sw:product" content="${product}">\n` : ''}${tags ? html`<meta name="sw:tags" content="${tags}">\n` : ''}<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/store.css">
${SDK_TAG}
<script defer src="/static/store.js"></script>
</head>`;
}

function layout({ title, description, category, product, tags, robots, active, query, url, bodyClass, main }) {
  return String(html`${head({ title: title ? `${title} — ${STORE_NAME}` : `${STORE_NAME} — Gear for every season`, description, category, product, tags, robots })}
<body class="${bodyClass || ''}">
${announcementSlot()}
<a class="skip-link" href="#main">Skip to content</a>
${siteHeader({ active, query })}
<main id="main" tabindex="-1">
${main}
</main>
${siteFooter(url)}
${consentBanner()}
</body>
</html>
`);
}

function breadcrumb(items) {
  return html`<nav class="breadcrumb" aria-label="Breadcrumb"><ol role="list">
  ${items.map((it, i) => (i === items.length - 1 ? html`<li><span aria-current="page">${it.label}</span></li>` : html`<li><a href="${it.href}">${it.label}</a></li>`))}
</ol></nav>`;
}

// ── Pages ────────────────────────────────────────────────────────────────────

export function renderHome({ url } = {}) {
  const main = html`<div class="container">
${heroSlot()}
${promoSlot()}
${pickedForYouSlot()}
<section class="section" aria-labelledby="cat-title">
  <div class="section__head"><h2 id="cat-title">Shop by category</h2></div>
  <ul class="categories" role="list">
    ${categories.map(
      (c) => html`<li class="category-tile category-tile--${c.slug}">
      <img src="${c.image}" alt="" width="400" height="400" loading="lazy" decoding="async">
      <div>
        <p class="category-tile__tagline">${c.tagline}</p>
        <h3><a href="/${c.slug}">${c.name}</a></h3>
        <p>${productsIn(c.slug).length} products</p>
      </div>
      <span class="category-tile__arrow">${ICONS.arrow}</span>
    </li>`,
    )}
  </ul>
</section>
<section class="section" aria-labelledby="featured-title">
  <div class="section__head">
    <h2 id="featured-title">Featured</h2>
    <a class="link-arrow" href="/search?q=sale">See all offers ${ICONS.arrow}</a>
  </div>
  ${productGrid(featuredProducts())}
</section>
${trustStrip()}
</div>`;
  return layout({ url, bodyClass: 'page-home', main });
}

const SORTS = [
  ['featured', 'Featured'],
  ['price-asc', 'Price: low to high'],
  ['price-desc', 'Price: high to low'],
  ['name', 'Name: A–Z'],
];

function sortProducts(list, sort) {
  const copy = list.slice();
  if (sort === 'price-asc') copy.sort((a, b) => a.price - b.price);
  else if (sort === 'price-desc') copy.sort((a, b) => b.price - a.price);
  else if (sort === 'name') copy.sort((a, b) => a.name.localeCompare(b.name));
  return copy;
}

export function renderCategory({ category, url }) {
  const cat = typeof category === 'string' ? getCategory(category) : category;
  const sort = url && SORTS.some(([k]) => k === url.searchParams.get('sort')) ? url.searchParams.get('sort') : 'featured';
  const list = sortProducts(productsIn(cat.slug), sort);
  const main = html`<div class="container">
${breadcrumb([{ href: '/', label: 'Home' }, { label: cat.name }])}
<header class="page-head page-head--${cat.slug}">
  <div>
    <p class="eyebrow">${cat.tagline}</p>
    <h1>${cat.name}</h1>
    <p class="page-head__lead">${cat.description}</p>
  </div>
  <img src="${cat.image}" alt="" width="400" height="400">
</header>
${promoSlot()}
<section class="section section--tight" aria-labelledby="results-title">
  <div class="toolbar">
    <h2 id="results-title" class="toolbar__count">${list.length} products</h2>
    <form class="sort-form" method="get" action="/${cat.slug}" data-autosubmit>
      <label for="sort">Sort by</label>
      <select id="sort" name="sort">
        ${SORTS.map(([k, label]) => html`<option value="${k}"${k === sort ? raw(' selected') : ''}>${label}</option>`)}
      </select>
      <noscript><button class="btn btn--small btn--outline" type="submit">Apply</button></noscript>
    </form>
  </div>
  ${productGrid(list)}
</section>
${trustStrip()}
</div>`;
  return layout({ title: cat.name, description: cat.description, category: cat.slug, active: cat.slug, url, bodyClass: `page-category page-category--${cat.slug}`, main });
}

/**
 * `design: 'redesign'` is the product template after a site redesign (the related products'
 * heading has another id): what a live element slot's selector stops finding.
 */
export function renderProduct({ product, url, design = 'classic' }) {
  const p = product;
  const cat = getCategory(p.category);
  const relatedId = design === 'redesign' ? 'related-heading' : 'related-title';
  const main = html`<div class="container">
${breadcrumb([{ href: '/', label: 'Home' }, { href: `/${p.category}`, label: cat.name }, { label: p.name }])}
<article class="product" data-product data-sku="${p.slug}" data-price="${p.price}" data-category="${p.category}" data-name="${p.name}">
  <div class="product__media">
    <img src="${p.image}" alt="${p.name} in ${p.colour}" width="400" height="400">
    ${badgeHtml(p)}
  </div>
  <div class="product__info">
    <p class="eyebrow"><a href="/${p.category}">${cat.name}</a></p>
    <h1>${p.name}</h1>
    <p class="product__rating"><span class="stars" style="--rating: ${p.rating}" aria-hidden="true"></span> <strong>${p.rating.toFixed(1)}</strong><span class="visually-hidden"> out of 5</span> <span class="muted">(${p.reviews} reviews) · Art. no. ${p.code}</span></p>
    <p class="product__price">${priceHtml(p)} <span class="muted small">incl. VAT</span></p>
    ${productOfferSlot(p)}
    <p class="product__desc">${p.description}</p>
    <dl class="product__specs">
      <div><dt>Colour</dt><dd><span class="swatch" style="background-color: ${p.colourHex}" aria-hidden="true"></span>${p.colour}</dd></div>
    </dl>
    ${addToCartButton(p, { large: true })}
    <ul class="product__features" role="list">
      ${p.features.map((f) => html`<li>${ICONS.check}${f}</li>`)}
    </ul>
    <ul class="product__perks" role="list">
      <li>${ICONS.truck}Free shipping over €${FREE_SHIPPING_THRESHOLD}</li>
      <li>${ICONS.returns}30-day free returns</li>
      <li>${ICONS.shield}2-year warranty</li>
    </ul>
  </div>
</article>
<section class="section" aria-labelledby="${relatedId}">
  <div class="section__head">
    <h2 id="${relatedId}">You may also like</h2>
    <a class="link-arrow" href="/${p.category}">All ${cat.name.toLowerCase()} ${ICONS.arrow}</a>
  </div>
  ${productGrid(relatedProducts(p))}
</section>
</div>`;
  return layout({
    title: p.name,
    description: p.description,
    category: p.category,
    product: p.slug,
    tags: (p.tags ?? []).join(','),
    active: p.category,
    url,
    bodyClass: 'page-product',
    main,
  });
}

export function renderCart({ url } = {}) {
  const main = html`<div class="container">
${breadcrumb([{ href: '/', label: 'Home' }, { label: 'Cart' }])}
<h1 class="page-title">Your cart</h1>
<div class="cart" data-cart-root>
  <div class="cart__loading" aria-hidden="true"><span></span><span></span></div>
</div>
<noscript><p class="notice">Your cart is stored in your browser, so it needs JavaScript. Please enable JavaScript to see your cart and check out.</p></noscript>
${trustStrip()}
</div>`;
  return layout({ title: 'Your cart', robots: 'noindex', active: 'cart', url, bodyClass: 'page-cart', main });
}

export function renderThanks({ url } = {}) {
  const main = html`<div class="container">
<section class="thanks">
  <div class="thanks__icon">${ICONS.check}</div>
  <h1>Thank you for your order!</h1>
  <p class="thanks__lead">Your order<span data-order-number></span> is confirmed. We’ll send a confirmation e-mail with tracking details as soon as it ships.</p>
  <p class="muted" data-order-summary></p>
  <p class="thanks__note">This is a demo store: no payment was taken and nothing will be shipped.</p>
  <a class="btn" href="/">Continue shopping</a>
</section>
</div>`;
  return layout({ title: 'Thank you', robots: 'noindex', url, bodyClass: 'page-thanks', main });
}

export function renderSearch({ query = '', results = [], url } = {}) {
  const q = String(query).trim();
  const suggestions = ['boots', 'tent', 'coffee', 'waterproof', 'sale'];
  let body;
  if (!q) {
    body = html`<div class="empty">
  <h2>What are you looking for?</h2>
  <p>Search by product, colour or category.</p>
  <p class="suggestions">Popular: ${suggestions.map((s) => html`<a class="chip" href="/search?q=${encodeURIComponent(s)}">${s}</a> `)}</p>
</div>`;
  } else if (results.length === 0) {
    body = html`<div class="empty" data-search-empty>
  ${ICONS.search}
  <h2>No results for “${q}”</h2>
  <p>Check the spelling, try a more general word, or browse a category.</p>
  <p class="suggestions">Try: ${suggestions.map((s) => html`<a class="chip" href="/search?q=${encodeURIComponent(s)}">${s}</a> `)}</p>
  <p class="suggestions">Or browse: ${categories.map((c) => html`<a class="chip" href="/${c.slug}">${c.name}</a> `)}</p>
</div>`;
  } else {
    body = productGrid(results);
  }
  const main = html`<div class="container">
${breadcrumb([{ href: '/', label: 'Home' }, { label: 'Search' }])}
<header class="search-head">
  <h1 class="page-title">${q ? html`Results for “${q}”` : 'Search'}</h1>
  ${q ? html`<p class="muted" data-search-count="${results.length}">${results.length} ${results.length === 1 ? 'product' : 'products'} found</p>` : ''}
  <form class="search-form search-form--large" role="search" action="/search" method="get">
    <label class="visually-hidden" for="page-search">Search products</label>
    <input id="page-search" name="q" type="search" value="${q}" placeholder="Search shoes, tents, kettles…" enterkeyhint="search">
    <button type="submit" class="btn">Search</button>
  </form>
</header>
<section class="section section--tight" data-search-query="${q}" aria-label="Search results">
${body}
</section>
</div>`;
  return layout({
    title: q ? `Search: ${q}` : 'Search',
    robots: 'noindex',
    query: q,
    active: q === 'sale' ? 'sale' : '',
    url,
    bodyClass: 'page-search',
    main,
  });
}

export function renderNotFound({ url } = {}) {
  let path = url ? url.pathname : '';
  try {
    path = decodeURIComponent(path);
  } catch {
    /* keep the raw path */
  }
  const main = html`<div class="container">
<section class="not-found">
  <p class="not-found__code" aria-hidden="true">404</p>
  <h1>We couldn’t find that page</h1>
  <p>The page <code>${path}</code> doesn’t exist or has moved. Try searching, or pick a category.</p>
  <form class="search-form search-form--large" role="search" action="/search" method="get">
    <label class="visually-hidden" for="nf-search">Search products</label>
    <input id="nf-search" name="q" type="search" placeholder="Search shoes, tents, kettles…">
    <button type="submit" class="btn">Search</button>
  </form>
  <p class="suggestions">${categories.map((c) => html`<a class="chip" href="/${c.slug}">${c.name}</a> `)}<a class="chip" href="/">Home</a></p>
</section>
</div>`;
  return layout({ title: 'Page not found', robots: 'noindex', url, bodyClass: 'page-404', main });
}

// ── Test fixtures (not linked from the store) ────────────────────────────────

function fixtureHead(title) {
  return html`${head({ title: `${title} — ${STORE_NAME}`, robots: 'noindex' })}
<body class="page-fixture">
${announcementSlot()}
<header class="fixture-bar"><div class="container"><a class="logo" href="/">${LOGO_MARK}<span class="logo__text">Northwind <span>Outfitters</span></span></a><span class="fixture-bar__tag">Test fixture: ${title}</span></div></header>`;
}

const FIXTURE_FOOT = '\n<footer class="fixture-foot"><div class="container">End of fixture.</div></footer>\n</body>\n</html>\n';

/**
 * `/fixtures/large`: a ~1 MB page of product rows with the promo slot near the very end.
 * @param {number} [targetBytes]
 */
export function renderLargeFixture(targetBytes = 1_000_000) {
  const parts = [
    String(fixtureHead('large page')),
    '\n<main id="main" class="container fixture">\n<h1>Full catalogue export</h1>\n<p>A deliberately large page (about 1 MB) for streaming tests. The promo slot is at the very end.</p>\n<table class="fixture-table">\n<thead><tr><th scope="col">Row</th><th scope="col">Article</th><th scope="col">Product</th><th scope="col">Colour</th><th scope="col">Price</th><th scope="col">Stock</th></tr></thead>\n<tbody>\n',
  ];
  let size = parts.reduce((n, s) => n + Buffer.byteLength(s), 0);
  const tail =
    String(html`</tbody>
</table>
${promoSlot()}
</main>`) + FIXTURE_FOOT;
  const tailSize = Buffer.byteLength(tail);
  for (let i = 0; size + tailSize < targetBytes; i++) {
    const p = products[i % products.length];
    const row = String(
      html`<tr><td>${i + 1}</td><td>${p.code}-${String(i).padStart(5, '0')}</td><td><a href="/p/${p.slug}">${p.name}</a></td><td>${p.colour}</td><td>${formatPrice(p.price)}</td><td>${(i * 7) % 23 === 0 ? 'Back soon' : 'In stock'}</td></tr>\n`,
    );
    parts.push(row);
    size += Buffer.byteLength(row);
  }
  parts.push(tail);
  return parts.join('');
}

/**
 * `/fixtures/slow`: the chunks of a page that the server streams with pauses in between.
 * The hero slot is in a late chunk (second to last).
 * @returns {string[]}
 */
export function slowFixtureChunks() {
  const section = (n, text) => String(html`<section class="fixture-chunk"><h2>Chunk ${n}</h2><p>${text}</p></section>\n`);
  return [
    String(fixtureHead('slow page')) +
      '\n<main id="main" class="container fixture">\n<h1>Slow streaming page</h1>\n<p>This page arrives in chunks with a pause between each, like a slow backend. The hero slot arrives late.</p>\n',
    section(1, 'First chunk of the body, sent right after the head.'),
    section(2, 'Second chunk. A streaming proxy should have forwarded the earlier chunks by now.'),
    section(3, 'Third chunk.'),
    String(heroSlot()) + '\n',
    section(5, 'Last chunk of the body.') + '</main>' + FIXTURE_FOOT,
  ];
}
