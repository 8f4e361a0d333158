// A single-page-app fixture for the SDK's client-side decisions: its router swaps the page body
// with the history API (no page load), so a slot that appears after navigation can only be
// decided in the browser. Not linked from the store.
export function renderSpaFixture() {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPA fixture</title>
<link rel="stylesheet" href="/static/store.css">
<script async src="/__sw/sw.js"></script>
</head>
<body>
<nav class="container"><a href="/?utm_source=newsletter" data-spa-link>Home from the newsletter (client-side route)</a></nav>
<main id="view" class="container"><h1>SPA fixture</h1><p>Nothing personalized here yet.</p></main>
<script src="/static/spa.js"></script>
</body>
</html>
`;
}
