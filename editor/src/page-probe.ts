/**
 * Counts an element on another page of the site, as the edge will see it: the page is loaded in
 * a hidden frame that runs no script (sandbox without allow-scripts), through the Worker in edit
 * mode (a framed page, so it is served as the origin made it, and no visit is counted), and the
 * selector is run over that HTML. Late DOM a page's scripts build is not there, as at the edge.
 */
export function countOnPage(selector: string): (path: string) => Promise<number | null> {
  return (path) =>
    new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', 'allow-same-origin');
      frame.setAttribute('aria-hidden', 'true');
      frame.tabIndex = -1;
      frame.className = 'probe-frame';
      const done = (n: number | null) => {
        clearTimeout(timer);
        frame.remove();
        resolve(n);
      };
      const timer = setTimeout(() => done(null), 15_000);
      frame.addEventListener('load', () => {
        try {
          done(frame.contentDocument?.querySelectorAll(selector).length ?? null);
        } catch {
          done(null);
        }
      });
      frame.src = path;
      document.body.append(frame);
    });
}
