/**
 * The Products screen: the catalog that recommendations are filled from — how many products,
 * where they come from (a feed the Worker pulls on a schedule, or a file uploaded here), when the
 * feed was last pulled and which lines the last load rejected, and why.
 */
import { useEffect, useState } from 'preact/hooks';
import { catalogError, catalogStatus, lastUpload, latestLoad, loadCatalogStatus, pullSummary, setCatalogFeed, uploadCatalogFile, uploading } from '../store/product-catalog.ts';
import { may } from '../store/session.ts';
import { plural } from '../words.ts';

const when = (ms: number | undefined) => (ms ? new Date(ms).toLocaleString() : 'never');

export function ProductsScreen() {
  useEffect(() => void loadCatalogStatus(), []);
  const status = catalogStatus.value;
  const upload = lastUpload.value;
  const load = upload ?? latestLoad(status);
  const rejected = load?.lines ?? [];
  const pull = status?.lastFeedPull;
  return (
    <div class="products-screen" data-testid="products-screen">
      <h1>Products</h1>
      <p class="muted">The catalog recommendations pick from. Products load from your shop's feed on a schedule, or from a file you upload here.</p>
      {catalogError.value && <p class="warning">The catalog could not be read: {catalogError.value}</p>}
      {status && (
        <div class="stat-row">
          <div class="stat" data-testid="catalog-count">
            <strong>{status.items.toLocaleString()}</strong> product{status.items === 1 ? '' : 's'} in the catalog
          </div>
          <div class="stat" data-testid="catalog-feed">
            {status.feed ? (
              <>
                Feed pulled every {plural(status.feed.everyHours, 'hour')}, last {when(pull?.at)}
                {pull && <span class={pull.error || pull.rejected ? 'warning' : 'muted'}> · {pullSummary(pull)}</span>}
                <div class="muted small clamp" title={status.feed.url}>
                  {status.feed.url}
                </div>
              </>
            ) : (
              'No feed yet'
            )}
          </div>
        </div>
      )}
      {may('editor') && <UploadAndFeed feedUrl={status?.feed?.url ?? ''} everyHours={status?.feed?.everyHours ?? 24} />}
      {load && <h2>Rejected lines {upload ? `in ${upload.file}` : `in the last ${load.source === 'feed' ? 'feed pull' : 'upload'}, ${when(load.at)}`}</h2>}
      {load && load.rejected > rejected.length && (
        <p class="muted small">
          {load.rejected} lines were rejected; the first {rejected.length} are listed.
        </p>
      )}
      {!load ? null : rejected.length === 0 ? (
        <p class="muted" data-testid="rejected-none">
          None: every line was loaded.
        </p>
      ) : (
        <table class="table" data-testid="rejected-lines">
          <thead>
            <tr>
              <th>Line</th>
              <th>Product</th>
              <th>Why it was not loaded</th>
            </tr>
          </thead>
          <tbody>
            {rejected.map((r) => (
              <tr key={r.line}>
                <td>{r.line}</td>
                <td>{r.id ?? '—'}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function UploadAndFeed(props: { feedUrl: string; everyHours: number }) {
  const [url, setUrl] = useState(props.feedUrl);
  const [hours, setHours] = useState(props.everyHours);
  // The status arrives after the first render: show the saved feed once it does.
  useEffect(() => setUrl(props.feedUrl), [props.feedUrl]);
  useEffect(() => setHours(props.everyHours), [props.everyHours]);
  return (
    <div class="products-actions">
      <section class="block">
        <h3>Upload a file</h3>
        <p class="muted small">JSON Lines (one product per line) or a JSON array. Products with the same id are updated; lines that fail are listed below, the others load.</p>
        <label class="btn">
          {uploading.value ? 'Uploading…' : 'Choose a file…'}
          <input
            type="file"
            accept=".json,.jsonl,.ndjson,application/json"
            class="visually-hidden"
            aria-label="Catalog file"
            disabled={uploading.value}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void uploadCatalogFile(file);
            }}
          />
        </label>
      </section>
      <section class="block">
        <h3>Feed</h3>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            void setCatalogFeed(url, hours);
          }}
        >
          <label class="field grow">
            <span>Feed address</span>
            <input type="url" required value={url} placeholder="https://shop.example/feed.jsonl" onInput={(e) => setUrl(e.currentTarget.value)} />
          </label>
          <label class="field narrow">
            <span>Every (hours)</span>
            <input type="number" min={1} max={168} value={hours} onInput={(e) => setHours(Number(e.currentTarget.value) || 24)} />
          </label>
          <button class="btn" type="submit">
            Save feed
          </button>
        </form>
      </section>
    </div>
  );
}
