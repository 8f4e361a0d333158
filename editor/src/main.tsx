import { render } from 'preact';
import { App } from './app.tsx';
import { installTrustedTypes } from './sanitize.ts';
import './editor.css';

// Before anything renders, so no HTML sink in the editor ever takes an unsanitized string.
installTrustedTypes();
const root = document.getElementById('app');
if (root) render(<App />, root);
