import { render } from 'preact';
import { useRe2 } from '@slotwise/core/decide';
import { RE2JS } from '@slotwise/core/re2';
import { App } from './app.tsx';
import { installTrustedTypes } from './sanitize.ts';
import './editor.css';

// Before anything renders, so no HTML sink in the editor ever takes an unsanitized string.
installTrustedTypes();
// The editor checks and previews audiences with the same linear-time regex engine as the edge.
useRe2(RE2JS);

const root = document.getElementById('app');
if (root) render(<App />, root);
