/* Northwind Outfitters: demo store behaviour (vanilla JS, no dependencies).
 *
 * - Cart kept in localStorage ("demo-cart"), count shown in the header.
 * - Consent banner, answer kept in localStorage ("demo-consent").
 * - Reports shopper actions to the Slotwise SDK when it is present (window.sw). The store
 *   works the same without it: every call is guarded and can never throw.
 */
(function () {
  'use strict';

  var CART_KEY = 'demo-cart';
  var CONSENT_KEY = 'demo-consent';
  var ORDER_KEY = 'demo-last-order';
  var FREE_SHIPPING = 50;
  var SHIPPING_FEE = 4.95;
  var CURRENCY = 'EUR';

  // ── Slotwise SDK (optional) ────────────────────────────────────────────────
  function track(name, props) {
    try {
      window.sw && window.sw.track && window.sw.track(name, props);
    } catch (err) {
      if (window.console) console.warn('[demo-store] sw.track failed', err);
    }
  }
  function consent(choice) {
    try {
      window.sw && window.sw.consent && window.sw.consent(choice);
    } catch (err) {
      if (window.console) console.warn('[demo-store] sw.consent failed', err);
    }
  }
  // The SDK tag is async: page-level events wait for the load event, which async scripts delay.
  function afterLoad(fn) {
    if (document.readyState === 'complete') fn();
    else window.addEventListener('load', fn, { once: true });
  }

  // ── Storage helpers ────────────────────────────────────────────────────────
  function storageGet(store, key) {
    try {
      return window[store].getItem(key);
    } catch (err) {
      return null;
    }
  }
  function storageSet(store, key, value) {
    try {
      if (value === null) window[store].removeItem(key);
      else window[store].setItem(key, value);
    } catch (err) {
      /* private mode or storage disabled: the store still works for this page view */
    }
  }

  var money = (function () {
    try {
      var nf = new Intl.NumberFormat('en-IE', { style: 'currency', currency: CURRENCY });
      return function (n) { return nf.format(n); };
    } catch (err) {
      return function (n) { return '€' + Number(n).toFixed(2); };
    }
  })();
  function round2(n) {
    return Math.round(n * 100) / 100;
  }

  // ── Cart model ─────────────────────────────────────────────────────────────
  function readCart() {
    var parsed;
    try {
      parsed = JSON.parse(storageGet('localStorage', CART_KEY) || '[]');
    } catch (err) {
      parsed = [];
    }
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(function (it) {
      return it && typeof it.sku === 'string' && isFinite(it.price) && it.qty >= 1;
    }).map(function (it) {
      return {
        sku: String(it.sku),
        name: String(it.name || it.sku),
        price: Number(it.price),
        qty: Math.min(99, Math.max(1, Math.floor(Number(it.qty)))),
        category: String(it.category || ''),
        colour: String(it.colour || ''),
        image: String(it.image || ''),
        url: String(it.url || '')
      };
    });
  }
  function writeCart(items) {
    storageSet('localStorage', CART_KEY, items.length ? JSON.stringify(items) : null);
    updateCount();
  }
  function cartTotals(items) {
    var count = 0;
    var subtotal = 0;
    items.forEach(function (it) {
      count += it.qty;
      subtotal += it.price * it.qty;
    });
    subtotal = round2(subtotal);
    var shipping = subtotal === 0 || subtotal >= FREE_SHIPPING ? 0 : SHIPPING_FEE;
    return { count: count, subtotal: subtotal, shipping: shipping, total: round2(subtotal + shipping) };
  }
  function addToCart(item) {
    var items = readCart();
    var existing = items.filter(function (it) { return it.sku === item.sku; })[0];
    if (existing) existing.qty = Math.min(99, existing.qty + 1);
    else items.push(Object.assign({ qty: 1 }, item));
    writeCart(items);
  }

  function updateCount(bump) {
    var count = cartTotals(readCart()).count;
    var nodes = document.querySelectorAll('[data-cart-count]');
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].textContent = String(count);
      nodes[i].setAttribute('data-count', String(count));
      if (bump) {
        nodes[i].classList.remove('is-bumped');
        void nodes[i].offsetWidth;
        nodes[i].classList.add('is-bumped');
      }
    }
  }

  // ── Tiny DOM builder (text is always set with textContent: no HTML injection) ─
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') el.textContent = v;
        else if (k === 'className') el.className = v;
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return el;
  }
  function safeUrl(u) {
    return /^\/(?!\/)/.test(u) ? u : '#';
  }

  // ── Toast ──────────────────────────────────────────────────────────────────
  var toastTimer = null;
  function toast(message, link) {
    var el = document.querySelector('[data-toast]');
    if (!el) return;
    el.textContent = message;
    if (link) el.appendChild(h('a', { href: link.href, text: link.text }));
    el.classList.add('is-visible');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.classList.remove('is-visible'); }, 3200);
  }

  // ── Add to cart ────────────────────────────────────────────────────────────
  document.addEventListener('click', function (event) {
    var target = event.target;
    var btn = target && target.closest ? target.closest('[data-sw-track="add_to_cart"]') : null;
    if (!btn) return;
    event.preventDefault();
    var sku = btn.getAttribute('data-sku') || '';
    var price = Number(btn.getAttribute('data-price'));
    var category = btn.getAttribute('data-category') || '';
    var name = btn.getAttribute('data-name') || sku;
    addToCart({
      sku: sku,
      name: name,
      price: price,
      category: category,
      colour: btn.getAttribute('data-colour') || '',
      image: btn.getAttribute('data-image') || '',
      url: btn.getAttribute('data-url') || ''
    });
    updateCount(true);
    toast('Added “' + name + '” to your cart.', { href: '/cart', text: 'View cart' });

    if (!btn.hasAttribute('data-label')) btn.setAttribute('data-label', btn.innerHTML);
    btn.classList.add('is-added');
    btn.textContent = 'Added ✓';
    clearTimeout(btn._resetTimer);
    btn._resetTimer = setTimeout(function () {
      btn.classList.remove('is-added');
      btn.innerHTML = btn.getAttribute('data-label');
    }, 1600);

    // `item`: the catalog id, so recommendations know what is in the cart.
    track('add_to_cart', { sku: sku, item: sku, price: price, category: category });
  });

  // ── Sort select: submit on change ──────────────────────────────────────────
  document.addEventListener('change', function (event) {
    var form = event.target && event.target.closest ? event.target.closest('form[data-autosubmit]') : null;
    if (form) form.submit();
  });

  // ── Consent banner ─────────────────────────────────────────────────────────
  function setConsentOffset(banner) {
    var height = banner && !banner.hidden ? banner.offsetHeight : 0;
    document.documentElement.style.setProperty('--consent-h', height + 'px');
  }
  function initConsent() {
    var banner = document.querySelector('[data-consent]');
    if (!banner) return;
    var answer = storageGet('localStorage', CONSENT_KEY);
    if (answer === 'granted' || answer === 'denied') return;
    banner.hidden = false;
    setConsentOffset(banner);
    window.addEventListener('resize', function () { setConsentOffset(banner); });
    banner.addEventListener('click', function (event) {
      var choiceBtn = event.target.closest ? event.target.closest('[data-consent-choice]') : null;
      if (!choiceBtn) return;
      var choice = choiceBtn.getAttribute('data-consent-choice') === 'granted' ? 'granted' : 'denied';
      storageSet('localStorage', CONSENT_KEY, choice);
      banner.hidden = true;
      setConsentOffset(banner);
      consent(choice);
    });
  }

  // ── Cart page ──────────────────────────────────────────────────────────────
  function renderCart() {
    var root = document.querySelector('[data-cart-root]');
    if (!root) return;
    var items = readCart();
    var totals = cartTotals(items);
    root.textContent = '';

    if (items.length === 0) {
      root.appendChild(
        h('div', { className: 'empty', 'data-cart-empty': true },
          h('h2', { text: 'Your cart is empty' }),
          h('p', { text: 'Find something you love — shipping is free on orders over €' + FREE_SHIPPING + '.' }),
          h('p', { className: 'suggestions' },
            h('a', { className: 'chip', href: '/shoes', text: 'Shoes' }), ' ',
            h('a', { className: 'chip', href: '/outdoor', text: 'Outdoor' }), ' ',
            h('a', { className: 'chip', href: '/kitchen', text: 'Kitchen' })
          ),
          h('a', { className: 'btn', href: '/', text: 'Continue shopping' })
        )
      );
      return;
    }

    var list = h('ul', { className: 'cart__items', role: 'list', 'aria-label': 'Items in your cart' });
    items.forEach(function (it) {
      var href = safeUrl(it.url);
      list.appendChild(
        h('li', { className: 'cart-item', 'data-sku': it.sku },
          h('img', { src: safeUrl(it.image) === '#' ? '/static/favicon.svg' : it.image, alt: '', width: 104, height: 104 }),
          h('div', null,
            h('p', { className: 'cart-item__name' }, h('a', { href: href, text: it.name })),
            h('p', { className: 'cart-item__meta', text: (it.colour ? it.colour + ' · ' : '') + money(it.price) + ' each' })
          ),
          h('p', { className: 'cart-item__total', text: money(round2(it.price * it.qty)) }),
          h('div', { className: 'cart-item__controls' },
            h('div', { className: 'qty', role: 'group', 'aria-label': 'Quantity of ' + it.name },
              h('button', { type: 'button', 'data-qty': '-1', 'data-for': it.sku, 'aria-label': 'Decrease quantity of ' + it.name, text: '−' }),
              h('output', { 'aria-live': 'polite', text: String(it.qty) }),
              h('button', { type: 'button', 'data-qty': '1', 'data-for': it.sku, 'aria-label': 'Increase quantity of ' + it.name, text: '+' })
            ),
            h('button', { type: 'button', className: 'link-button', 'data-remove': it.sku, 'aria-label': 'Remove ' + it.name + ' from cart', text: 'Remove' })
          )
        )
      );
    });

    var remaining = round2(FREE_SHIPPING - totals.subtotal);
    var hint = remaining > 0
      ? h('div', { className: 'summary__hint' },
          'You’re ' + money(remaining) + ' away from free shipping.',
          h('div', { className: 'summary__progress', 'aria-hidden': 'true' },
            h('span', { style: 'width:' + Math.min(100, Math.round((totals.subtotal / FREE_SHIPPING) * 100)) + '%' })))
      : h('div', { className: 'summary__hint', text: 'Your order ships for free.' });

    var row = function (label, value, cls) {
      return h('div', { className: cls || null }, h('dt', { text: label }), h('dd', { text: value }));
    };
    var summary = h('aside', { className: 'summary', 'aria-labelledby': 'summary-title' },
      h('h2', { id: 'summary-title', text: 'Order summary' }),
      hint,
      h('dl', null,
        row('Subtotal (' + totals.count + (totals.count === 1 ? ' item)' : ' items)'), money(totals.subtotal)),
        row('Shipping', totals.shipping === 0 ? 'Free' : money(totals.shipping)),
        row('Total', money(totals.total), 'summary__total')
      ),
      h('button', { type: 'button', className: 'btn btn--large btn--block', 'data-checkout': true, text: 'Checkout' }),
      h('p', { className: 'summary__note', text: 'Demo checkout: no payment is taken.' })
    );

    root.appendChild(h('div', { className: 'cart__layout' }, list, summary));
  }

  function initCartPage() {
    var root = document.querySelector('[data-cart-root]');
    if (!root) return;
    renderCart();
    root.addEventListener('click', function (event) {
      var t = event.target.closest ? event.target.closest('button') : null;
      if (!t) return;
      var items = readCart();
      if (t.hasAttribute('data-qty')) {
        var sku = t.getAttribute('data-for');
        var delta = Number(t.getAttribute('data-qty'));
        items = items.map(function (it) {
          if (it.sku === sku) it.qty = it.qty + delta;
          return it;
        }).filter(function (it) { return it.qty > 0; });
        writeCart(items);
        renderCart();
        var again = root.querySelector('button[data-for="' + (window.CSS && CSS.escape ? CSS.escape(sku) : sku) + '"][data-qty="' + delta + '"]');
        if (again) again.focus();
      } else if (t.hasAttribute('data-remove')) {
        var removeSku = t.getAttribute('data-remove');
        writeCart(items.filter(function (it) { return it.sku !== removeSku; }));
        renderCart();
        var title = document.querySelector('.page-title');
        if (title) {
          title.setAttribute('tabindex', '-1');
          title.focus();
        }
      } else if (t.hasAttribute('data-checkout')) {
        checkout();
      }
    });
  }

  function checkout() {
    var items = readCart();
    if (!items.length) return;
    var totals = cartTotals(items);
    var orderNumber = 'NW-' + String(Math.floor(100000 + Math.random() * 900000));
    storageSet('sessionStorage', ORDER_KEY, JSON.stringify({
      number: orderNumber,
      value: totals.total,
      count: totals.count,
      skus: items.map(function (it) { return it.sku; })
    }));
    // The purchase is tracked on the page that confirms it (initThanks), not here: leaving a
    // page right after an event can abort the SDK's save of it on the device.
    writeCart([]);
    window.location.assign('/thanks');
  }

  // ── Thank-you page ─────────────────────────────────────────────────────────
  function initThanks() {
    var numberEl = document.querySelector('[data-order-number]');
    if (!numberEl) return;
    var order = null;
    try {
      order = JSON.parse(storageGet('sessionStorage', ORDER_KEY) || 'null');
    } catch (err) {
      order = null;
    }
    if (!order || !order.number) return;
    numberEl.textContent = ' ';
    numberEl.appendChild(h('strong', { text: String(order.number) }));
    var summaryEl = document.querySelector('[data-order-summary]');
    if (summaryEl && isFinite(order.value)) {
      summaryEl.textContent = order.count + (order.count === 1 ? ' item' : ' items') + ' · ' + money(Number(order.value)) + ' paid (demo)';
    }
    // Once per order: a reload of this page is not a second purchase.
    if (order.tracked) return;
    afterLoad(function () {
      // The order's skus: recommendations leave out what was bought, and learn what sells together.
      var props = { value: Number(order.value), currency: CURRENCY };
      if (Array.isArray(order.skus) && order.skus.length) props.items = order.skus.map(String).join(',');
      track('purchase', props);
      order.tracked = true;
      storageSet('sessionStorage', ORDER_KEY, JSON.stringify(order));
    });
  }

  // ── Page-level events ──────────────────────────────────────────────────────
  function initPageEvents() {
    var product = document.querySelector('[data-product]');
    if (product) {
      var item = {
        sku: product.getAttribute('data-sku') || '',
        price: Number(product.getAttribute('data-price')),
        category: product.getAttribute('data-category') || ''
      };
      afterLoad(function () { track('view_item', item); });
    }
    var results = document.querySelector('[data-search-query]');
    if (results) {
      var query = results.getAttribute('data-search-query') || '';
      if (query) afterLoad(function () { track('search', { query: query }); });
    }
  }

  // Demo control: "pretend your last visit was N days ago" (see the footer's demo controls).
  function initDemoControls() {
    document.addEventListener('click', function (event) {
      var button = event.target.closest ? event.target.closest('[data-demo-age]') : null;
      if (!button || !window.sw || !window.sw.age) return;
      var days = Number(button.getAttribute('data-demo-age'));
      Promise.resolve(window.sw.age(days)).then(function () { location.reload(); }, function () {});
    });
    // "Sign in as a VIP member": the store's backend signs the customer id (as a real site does
    // at sign-in, docs/sdk.md), the page hands id and signature to identify(), and the Worker,
    // which checks the signature, then finds the member in the `vip-members` ID list.
    document.addEventListener('click', function (event) {
      var button = event.target.closest ? event.target.closest('[data-demo-identify]') : null;
      if (!button || !window.sw || !window.sw.identify) return;
      var id = button.getAttribute('data-demo-identify');
      fetch('/demo/identity?id=' + encodeURIComponent(id), { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (signed) {
          window.sw.identify({ id: signed.id }, signed.signature);
          location.reload();
        }, function () {});
    });
  }

  // ── Boot ───────────────────────────────────────────────────────────────────
  function init() {
    initDemoControls();
    updateCount();
    initConsent();
    initCartPage();
    initThanks();
    initPageEvents();
    window.addEventListener('storage', function (event) {
      if (event.key === CART_KEY) {
        updateCount();
        if (document.querySelector('[data-cart-root]')) renderCart();
      }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
