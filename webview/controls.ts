/**
 * Every form control of the view, in one module so the component library can be swapped in one place.
 *
 * Why @vscode-elements/elements: the design card named @vscode/webview-ui-toolkit, but its maintainers sunset
 * it (microsoft/vscode-webview-ui-toolkit#561, archived January 2025), and it breaks our strict CSP: FAST
 * injects a <style> element (one `style-src-elem` violation measured) and it ships 292 KB whatever is
 * imported. Its maintained successor has the same VS Code look, styles through `adoptedStyleSheets` (zero
 * violations measured) and costs about 96 KB for four components when they are imported one by one, as here (five: the icon
 * comes with the button anyway):
 * never the package's index, which registers all of them.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import { h } from './dom';

export interface ButtonOptions {
  icon?: string;
  secondary?: boolean;
  title?: string;
  /** Icon only: the label becomes the accessible name and the tooltip. */
  iconOnly?: boolean;
}

export function button(label: string, onClick: () => void, o: ButtonOptions = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  if (o.iconOnly) {
    b.setAttribute('aria-label', label);
    b.title = o.title ?? label;
  } else {
    b.textContent = label;
    if (o.title) b.title = o.title;
  }
  if (o.icon) b.icon = o.icon;
  b.secondary = o.secondary ?? false;
  b.iconOnly = o.iconOnly ?? false;
  b.addEventListener('click', onClick);
  return b;
}

/** A small icon button (codicon) with an accessible name: vscode-icon in action mode renders a <button>. */
export function actionIcon(icon: string, label: string, onClick: () => void): HTMLElement {
  const i = document.createElement('vscode-icon');
  i.name = icon;
  i.actionIcon = true;
  i.label = label;
  i.title = label;
  i.addEventListener('vsc-click', onClick);
  return i;
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void, title?: string): HTMLElement & { checked: boolean } {
  const c = document.createElement('vscode-checkbox');
  c.label = label;
  c.checked = checked;
  if (title) c.title = title;
  c.addEventListener('change', () => onChange(c.checked));
  return c;
}

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export function select(ariaLabel: string, options: readonly SelectOption[], value: string, onChange: (value: string) => void): HTMLElement & { value: string } {
  const s = document.createElement('vscode-single-select');
  s.setAttribute('aria-label', ariaLabel);
  for (const o of options) {
    const opt = document.createElement('vscode-option');
    opt.value = o.value;
    opt.textContent = o.label;
    if (o.disabled) opt.disabled = true;
    if (o.value === value) opt.selected = true;
    s.append(opt);
  }
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

/**
 * The smoothing slider: a native range input (the library has no slider), styled by media/curves.css.
 * 0 .. 0.999 as TensorBoard's; the number beside it shows the weight.
 */
export function slider(label: string, value: number, onInput: (v: number) => void): { root: HTMLElement; set(v: number): void } {
  const input = h('input', { attrs: { type: 'range', min: '0', max: '0.999', step: '0.001', 'aria-label': label } });
  input.value = String(value);
  const out = h('span', { class: 'slider-value', text: value.toFixed(3) });
  input.addEventListener('input', () => {
    out.textContent = Number(input.value).toFixed(3);
    onInput(Number(input.value));
  });
  const root = h('label', { class: 'slider' }, h('span', { class: 'control-label', text: label }), input, out);
  return {
    root,
    set(v: number) {
      input.value = String(v);
      out.textContent = v.toFixed(3);
    },
  };
}
