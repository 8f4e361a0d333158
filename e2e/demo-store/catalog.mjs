// Product data for the Slotwise demo store ("Northwind Outfitters").
// Plain data, no I/O: safe to import from the server, from tests and from tools.
// Prices are in EUR (numbers, in euros). `was` is the previous price of items on sale.
// The slug doubles as the SKU in analytics events (data-sku, sw.track); `code` is the article number shown to shoppers.

export const STORE_NAME = 'Northwind Outfitters';
export const CURRENCY = 'EUR';
export const FREE_SHIPPING_THRESHOLD = 50;
export const SHIPPING_FEE = 4.95;

/** @typedef {{ slug: string, name: string, tagline: string, description: string, image: string }} Category */
/**
 * @typedef {{
 *   slug: string, code: string, name: string, category: string, price: number, was?: number,
 *   description: string, features: string[], colour: string, colourHex: string,
 *   rating: number, reviews: number, image: string, tags: string[], inStock?: boolean
 * }} Product
 * `inStock: false` marks a sold-out product (shown as sold out; recommendations skip it).
 */

/** @type {Category[]} */
export const categories = [
  {
    slug: 'shoes',
    name: 'Shoes',
    tagline: 'From trail to town',
    description: 'Trail runners, hiking boots and everyday sneakers, built on grippy soles and cushioned for long days.',
    image: '/static/img/trailblazer-runner.svg',
  },
  {
    slug: 'outdoor',
    name: 'Outdoor',
    tagline: 'Sleep under the stars',
    description: 'Tents, packs, lights and layers that stay light on your back and hold up when the weather turns.',
    image: '/static/img/ridgeline-2-tent.svg',
  },
  {
    slug: 'kitchen',
    name: 'Kitchen',
    tagline: 'Cook like you mean it',
    description: 'Cast iron, carbon steel and stoneware for the kitchen at home and the stove at camp.',
    image: '/static/img/gooseneck-kettle.svg',
  },
];

/** @type {Product[]} */
export const products = [
  // ── Shoes ────────────────────────────────────────────────────────────────
  {
    slug: 'trailblazer-runner',
    code: 'NW-SH-101',
    name: 'Trailblazer Trail Runner',
    category: 'shoes',
    price: 119,
    description: 'A light, responsive trail shoe with a lugged outsole that grips on wet rock and loose gravel.',
    features: ['5 mm lugs for soft ground', 'Breathable recycled mesh upper', '8 mm heel-to-toe drop'],
    colour: 'Moss green',
    colourHex: '#56783a',
    rating: 4.7,
    reviews: 214,
    image: '/static/img/trailblazer-runner.svg',
    tags: ['new', 'running', 'trail'],
  },
  {
    slug: 'city-court-sneaker',
    code: 'NW-SH-102',
    name: 'City Court Sneaker',
    category: 'shoes',
    price: 69,
    was: 89,
    description: 'A clean leather low-top with a cupsole that looks sharp with everything and softens with wear.',
    features: ['Full-grain leather upper', 'Stitched rubber cupsole', 'Cork-blend insole'],
    colour: 'Chalk white',
    colourHex: '#f3f0e8',
    rating: 4.5,
    reviews: 389,
    image: '/static/img/city-court-sneaker.svg',
    tags: ['sale', 'everyday', 'leather'],
  },
  {
    slug: 'alpine-hiking-boot',
    code: 'NW-SH-103',
    name: 'Alpine Hiking Boot',
    category: 'shoes',
    price: 179,
    description: 'Waterproof nubuck boot with ankle support and a stiff midsole for multi-day hikes with a loaded pack.',
    features: ['Waterproof breathable membrane', 'Vibram-style rubber outsole', 'Resoleable construction'],
    colour: 'Walnut brown',
    colourHex: '#7a4a2a',
    rating: 4.8,
    reviews: 531,
    image: '/static/img/alpine-hiking-boot.svg',
    tags: ['bestseller', 'waterproof', 'hiking'],
  },
  {
    slug: 'harbour-canvas-slip-on',
    code: 'NW-SH-104',
    name: 'Harbour Canvas Slip-On',
    category: 'shoes',
    price: 59,
    description: 'Organic cotton canvas slip-on with elastic side panels, for easy summer days and beach walks.',
    features: ['Organic cotton canvas', 'Elastic side gores', 'Machine washable'],
    colour: 'Navy',
    colourHex: '#24365c',
    rating: 4.3,
    reviews: 97,
    image: '/static/img/harbour-canvas-slip-on.svg',
    tags: ['everyday', 'summer'],
  },
  {
    slug: 'summit-approach-shoe',
    code: 'NW-SH-105',
    name: 'Summit Approach Shoe',
    category: 'shoes',
    price: 109,
    was: 139,
    description: 'Sticky rubber and a climbing zone at the toe for scrambles, via ferratas and the walk to the crag.',
    features: ['Sticky climbing rubber', 'Lace-to-toe fit', 'Protective rubber rand'],
    colour: 'Slate grey',
    colourHex: '#5e6a73',
    rating: 4.6,
    reviews: 142,
    image: '/static/img/summit-approach-shoe.svg',
    tags: ['sale', 'climbing', 'trail'],
  },
  {
    slug: 'coastline-sandal',
    code: 'NW-SH-106',
    name: 'Coastline Sandal',
    category: 'shoes',
    price: 49,
    description: 'An adjustable strap sandal with a contoured footbed that dries fast after river crossings.',
    features: ['Quick-dry webbing straps', 'Contoured EVA footbed', 'Non-marking outsole'],
    colour: 'Sand',
    colourHex: '#d9b98a',
    rating: 4.4,
    reviews: 63,
    image: '/static/img/coastline-sandal.svg',
    tags: ['new', 'summer', 'water'],
  },
  {
    slug: 'ridge-runner-gtx',
    code: 'NW-SH-107',
    name: 'Ridge Runner Waterproof Trail Shoe',
    category: 'shoes',
    price: 139,
    description: 'A waterproof trail runner for wet autumn trails, with a sealed membrane and a rock plate under the forefoot.',
    features: ['Waterproof breathable membrane', 'Flexible rock plate', '4 mm lugs'],
    colour: 'Storm blue',
    colourHex: '#3b5f8a',
    rating: 4.6,
    reviews: 178,
    image: '/static/img/ridge-runner-gtx.svg',
    tags: ['running', 'trail', 'waterproof'],
  },
  {
    slug: 'fell-racer',
    code: 'NW-SH-108',
    name: 'Fell Racer Trail Shoe',
    category: 'shoes',
    price: 99,
    description: 'A low, light racing shoe with aggressive 7 mm studs for steep, muddy fells.',
    features: ['7 mm studs for mud', '230 g per shoe', '4 mm drop'],
    colour: 'Signal orange',
    colourHex: '#d4622b',
    rating: 4.5,
    reviews: 88,
    image: '/static/img/fell-racer.svg',
    tags: ['running', 'trail'],
    inStock: false,
  },
  {
    slug: 'mudlark-trail-runner',
    code: 'NW-SH-109',
    name: 'Mudlark Trail Runner',
    category: 'shoes',
    price: 89,
    description: 'An easy-going trail runner with a roomy toe box, for the first muddy kilometres and every one after.',
    features: ['Wide, roomy toe box', 'Cushioned EVA midsole', '4 mm lugs'],
    colour: 'Peat brown',
    colourHex: '#6b4f35',
    rating: 4.4,
    reviews: 121,
    image: '/static/img/mudlark-trail-runner.svg',
    tags: ['new', 'running', 'trail'],
  },
  {
    slug: 'skyline-ultra',
    code: 'NW-SH-110',
    name: 'Skyline Ultra Trail Shoe',
    category: 'shoes',
    price: 149,
    was: 169,
    description: 'Max cushioning and a wide, stable base for ultra distances, when the legs are tired and the trail goes on.',
    features: ['Max-cushion foam midsole', 'Wide stable base', 'Gaiter attachment points'],
    colour: 'Volt yellow',
    colourHex: '#c9c22e',
    rating: 4.7,
    reviews: 204,
    image: '/static/img/skyline-ultra.svg',
    tags: ['sale', 'running', 'trail'],
  },
  {
    slug: 'scree-trail-runner',
    code: 'NW-SH-111',
    name: 'Scree Trail Runner',
    category: 'shoes',
    price: 119,
    description: 'A tough, protective runner for loose rock and scree, with a full rubber toe cap.',
    features: ['Full rubber toe cap', 'Abrasion-proof upper', '5 mm lugs'],
    colour: 'Granite grey',
    colourHex: '#707a80',
    rating: 4.3,
    reviews: 54,
    image: '/static/img/scree-trail-runner.svg',
    tags: ['running', 'trail'],
    inStock: false,
  },

  // ── Outdoor ──────────────────────────────────────────────────────────────
  {
    slug: 'ridgeline-2-tent',
    code: 'NW-OD-201',
    name: 'Ridgeline 2-Person Tent',
    category: 'outdoor',
    price: 249,
    description: 'A freestanding three-season tent that pitches in five minutes and packs down to 2.1 kg.',
    features: ['2.1 kg packed weight', 'Two doors, two vestibules', '3,000 mm waterproof flysheet'],
    colour: 'Forest green',
    colourHex: '#2f6b4f',
    rating: 4.9,
    reviews: 276,
    image: '/static/img/ridgeline-2-tent.svg',
    tags: ['bestseller', 'camping', 'waterproof'],
  },
  {
    slug: 'trailhead-24-daypack',
    code: 'NW-OD-202',
    name: 'Trailhead 24 L Daypack',
    category: 'outdoor',
    price: 79,
    description: 'A comfortable everyday pack with a ventilated back panel, hip belt and a padded laptop sleeve.',
    features: ['24 litre capacity', 'Ventilated mesh back panel', 'Fits a 15" laptop'],
    colour: 'Rust orange',
    colourHex: '#b5532b',
    rating: 4.6,
    reviews: 188,
    image: '/static/img/trailhead-24-daypack.svg',
    tags: ['new', 'hiking', 'everyday'],
  },
  {
    slug: 'glow-camp-lantern',
    code: 'NW-OD-203',
    name: 'Glow Camp Lantern',
    category: 'outdoor',
    price: 29,
    was: 35,
    description: 'A rechargeable LED lantern with warm, dimmable light that runs all weekend on a single charge.',
    features: ['Up to 60 hours of light', 'USB-C rechargeable', 'Warm 2,700 K dimmable LED'],
    colour: 'Amber',
    colourHex: '#f2a54a',
    rating: 4.7,
    reviews: 412,
    image: '/static/img/glow-camp-lantern.svg',
    tags: ['sale', 'camping', 'light'],
  },
  {
    slug: 'thermo-steel-bottle',
    code: 'NW-OD-204',
    name: 'Thermo Steel Bottle 750 ml',
    category: 'outdoor',
    price: 29,
    description: 'Double-walled stainless steel keeps drinks cold for 24 hours or hot for 12 — on the trail or at your desk.',
    features: ['Keeps cold 24 h, hot 12 h', 'Leak-proof loop cap', 'Dishwasher safe'],
    colour: 'Glacier blue',
    colourHex: '#7fb6d5',
    rating: 4.8,
    reviews: 907,
    image: '/static/img/thermo-steel-bottle.svg',
    tags: ['everyday', 'hiking'],
  },
  {
    slug: 'nordlys-down-sleeping-bag',
    code: 'NW-OD-205',
    name: 'Nordlys Down Sleeping Bag',
    category: 'outdoor',
    price: 179,
    was: 219,
    description: 'A responsibly sourced 650-fill down mummy bag, comfortable down to −5 °C and packs to the size of a melon.',
    features: ['Comfort rating −5 °C', 'RDS-certified 650-fill down', 'Compression sack included'],
    colour: 'Midnight blue',
    colourHex: '#26345c',
    rating: 4.7,
    reviews: 121,
    image: '/static/img/nordlys-down-sleeping-bag.svg',
    tags: ['sale', 'camping'],
  },
  {
    slug: 'storm-shell-jacket',
    code: 'NW-OD-206',
    name: 'Storm Shell Jacket',
    category: 'outdoor',
    price: 189,
    description: 'A fully taped three-layer rain shell with pit zips and a helmet-compatible hood.',
    features: ['3-layer waterproof fabric', 'Underarm ventilation zips', 'Packs into its own pocket'],
    colour: 'Signal red',
    colourHex: '#c8372d',
    rating: 4.5,
    reviews: 233,
    image: '/static/img/storm-shell-jacket.svg',
    tags: ['waterproof', 'hiking'],
  },

  // ── Kitchen ──────────────────────────────────────────────────────────────
  {
    slug: 'cast-iron-skillet',
    code: 'NW-KI-301',
    name: 'Cast Iron Skillet 26 cm',
    category: 'kitchen',
    price: 59,
    description: 'Pre-seasoned cast iron that goes from hob to oven to campfire, and gets better every time you cook.',
    features: ['Pre-seasoned with vegetable oil', 'Works on induction and open fire', 'Lifetime guarantee'],
    colour: 'Black',
    colourHex: '#2b2b2b',
    rating: 4.9,
    reviews: 1204,
    image: '/static/img/cast-iron-skillet.svg',
    tags: ['bestseller', 'cookware'],
  },
  {
    slug: 'gooseneck-kettle',
    code: 'NW-KI-302',
    name: 'Pour-Over Gooseneck Kettle',
    category: 'kitchen',
    price: 69,
    description: 'A precise, slow pour for filter coffee, with a built-in thermometer and a stay-cool handle.',
    features: ['1 litre capacity', 'Built-in lid thermometer', 'Works on all hobs'],
    colour: 'Copper',
    colourHex: '#b8693a',
    rating: 4.6,
    reviews: 158,
    image: '/static/img/gooseneck-kettle.svg',
    tags: ['new', 'coffee'],
  },
  {
    slug: 'damascus-chefs-knife',
    code: 'NW-KI-303',
    name: 'Damascus Chef’s Knife 20 cm',
    category: 'kitchen',
    price: 129,
    description: 'A 67-layer Damascus steel blade with a razor edge and a balanced walnut handle.',
    features: ['67-layer Damascus steel', '15° edge per side', 'Walnut handle, brass rivets'],
    colour: 'Steel',
    colourHex: '#b7bec2',
    rating: 4.8,
    reviews: 342,
    image: '/static/img/damascus-chefs-knife.svg',
    tags: ['new', 'knives'],
  },
  {
    slug: 'glass-french-press',
    code: 'NW-KI-304',
    name: 'Glass French Press 1 L',
    category: 'kitchen',
    price: 32,
    was: 39,
    description: 'Borosilicate glass and a fine double mesh filter for a full-bodied cup without the grit.',
    features: ['1 litre / 8 cups', 'Heat-resistant borosilicate glass', 'Double stainless mesh filter'],
    colour: 'Clear & steel',
    colourHex: '#cfd5d8',
    rating: 4.4,
    reviews: 576,
    image: '/static/img/glass-french-press.svg',
    tags: ['sale', 'coffee'],
  },
  {
    slug: 'stoneware-mug-set',
    code: 'NW-KI-305',
    name: 'Stoneware Mug Set (4)',
    category: 'kitchen',
    price: 34,
    description: 'Four hand-glazed stoneware mugs with a reactive glaze, so every mug is slightly different.',
    features: ['4 × 350 ml mugs', 'Reactive glaze, made in Portugal', 'Microwave and dishwasher safe'],
    colour: 'Oat',
    colourHex: '#e6d7bd',
    rating: 4.7,
    reviews: 265,
    image: '/static/img/stoneware-mug-set.svg',
    tags: ['coffee', 'tableware'],
  },
  {
    slug: 'olive-wood-board',
    code: 'NW-KI-306',
    name: 'Olive Wood Cutting Board',
    category: 'kitchen',
    price: 36,
    was: 45,
    description: 'Cut from a single piece of olive wood, with a natural grain that makes each board unique.',
    features: ['Single piece of olive wood', '38 × 20 cm', 'Oiled with food-safe oil'],
    colour: 'Olive wood',
    colourHex: '#c4935c',
    rating: 4.8,
    reviews: 131,
    image: '/static/img/olive-wood-board.svg',
    tags: ['sale', 'tableware'],
  },
];

/** Slugs shown in the "Featured" grid on the home page, in order. */
export const featuredSlugs = [
  'trailblazer-runner',
  'ridgeline-2-tent',
  'gooseneck-kettle',
  'alpine-hiking-boot',
  'trailhead-24-daypack',
  'cast-iron-skillet',
  'storm-shell-jacket',
  'glass-french-press',
];

const bySlug = new Map(products.map((p) => [p.slug, p]));
const categoryBySlug = new Map(categories.map((c) => [c.slug, c]));

/** @returns {Product | undefined} */
export function getProduct(slug) {
  return bySlug.get(slug);
}

/** @returns {Category | undefined} */
export function getCategory(slug) {
  return categoryBySlug.get(slug);
}

/** @returns {Product[]} */
export function productsIn(categorySlug) {
  return products.filter((p) => p.category === categorySlug);
}

/** @returns {Product[]} */
export function featuredProducts() {
  return featuredSlugs.map((s) => bySlug.get(s)).filter(Boolean);
}

/** Other products from the same category, for "You may also like". */
export function relatedProducts(product, count = 4) {
  return products.filter((p) => p.category === product.category && p.slug !== product.slug).slice(0, count);
}

function normalise(s) {
  return String(s)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, '');
}

/**
 * Case-insensitive search over name, description, category, colour and tags.
 * Every whitespace-separated term must match somewhere (so "green shoes" narrows down).
 * @returns {Product[]}
 */
export function searchProducts(query) {
  const terms = normalise(query ?? '')
    .split(/\s+/)
    .filter(Boolean);
  if (terms.length === 0) return [];
  return products.filter((p) => {
    const cat = categoryBySlug.get(p.category);
    const haystack = normalise([p.name, p.description, p.category, cat ? cat.name : '', p.colour, p.tags.join(' '), p.features.join(' ')].join(' '));
    return terms.every((t) => haystack.includes(t));
  });
}

const priceFormat = new Intl.NumberFormat('en-IE', { style: 'currency', currency: CURRENCY });

/** 119 → "€119.00" */
export function formatPrice(amount) {
  return priceFormat.format(amount);
}
