import type { PersistedState, ViewToHost } from '../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called once per page load.
const api = acquireVsCodeApi();

export function postToHost(message: ViewToHost): void {
  api.postMessage(message);
}

export function savedState(): unknown {
  return api.getState();
}

/** Persisted by VS Code with the panel: the serializer reopens the same runs in the same view. */
export function saveState(state: PersistedState): void {
  api.setState(state);
}
