// The SPA fixture's router: pushState, then render the route's markup, like a framework would.
(function () {
  var routes = {
    '/':
      '<section data-slot="hero" class="hero"><h1>Gear for every season</h1><p>Rendered by the client-side router.</p></section>' +
      '<section data-slot="picked-for-you" class="picks"><div class="section__head"><h2>Picked for you</h2></div><p class="muted">Our best-rated gear right now</p></section>'
  };
  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('[data-spa-link]') : null;
    if (!link) return;
    event.preventDefault();
    var url = new URL(link.href);
    history.pushState({}, '', url.pathname + url.search);
    document.getElementById('view').innerHTML = routes[url.pathname] || '<p>Not found</p>';
  });
})();
