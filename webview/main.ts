import { parseHostToView, parsePersistedState, PROTOCOL_VERSION, ProtocolError, type ViewState } from '../src/shared/protocol';
import { CurvesView } from './curves-view';
import { postToHost, savedState } from './vscode-api';

/**
 * Entry of the curves webview: restores the saved view state, posts `ready` (the host never posts before
 * it), validates every message before the typed dispatch, and re-renders when VS Code changes the theme.
 */
function start(): void {
  const root = document.getElementById('root');
  if (!root) return;
  const view = new CurvesView(root);
  const restored = restoredViewState();
  view.restore(restored);

  // One message at a time, in order: an append must not overtake the init it extends.
  let queue: Promise<void> = Promise.resolve();
  window.addEventListener('message', event => {
    const received = performance.now();
    let msg;
    try {
      msg = parseHostToView(event.data);
    } catch (e) {
      postToHost({ type: 'viewError', message: `dropped a message: ${e instanceof ProtocolError ? e.message : String(e)}` });
      return;
    }
    queue = queue.then(() => view.handle(msg, received)).catch(e => postToHost({ type: 'viewError', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }));
  });

  // VS Code swaps the body class and the --vscode-* variables on <html> when the theme changes.
  const observer = new MutationObserver(() => view.onThemeChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

  window.addEventListener('error', e => postToHost({ type: 'viewError', message: String(e.message) }));
  window.addEventListener('unhandledrejection', e => postToHost({ type: 'viewError', message: String(e.reason) }));

  postToHost({ type: 'ready', version: PROTOCOL_VERSION, state: restored, width: root.clientWidth || window.innerWidth });
}

function restoredViewState(): ViewState | null {
  const saved = savedState();
  if (!saved) return null;
  try {
    return parsePersistedState(saved).view;
  } catch {
    return null; // an older or foreign state: start fresh rather than fail
  }
}

start();
