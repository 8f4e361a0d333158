/** The editor shell. The visual editor itself arrives with the editor issue; this page says so honestly. */
export function App() {
  return (
    <main class="shell">
      <header class="bar">
        <span class="logo">Slotwise</span>
        <span class="muted">editor</span>
      </header>
      <section class="card">
        <h1>The visual editor is on its way</h1>
        <p>
          The Worker is already personalizing the demo store from the published config. Browse it at{' '}
          <a href="/">the store</a>, or add <code>?sw_debug=&lt;token&gt;</code> to any page to see why each slot shows what it
          shows.
        </p>
      </section>
    </main>
  );
}
