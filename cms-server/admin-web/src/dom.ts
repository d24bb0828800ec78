// A few DOM helpers instead of a framework: the admin is a handful of forms and tables.

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, unknown>;

/**
 * Creates an element. `on…` attributes taking a function become listeners; `class`, `for`, boolean
 * properties (disabled, checked, selected, required, hidden, readOnly) and `value` are set as properties;
 * anything else (aria-*, data-*, type, name…) as attributes. null/undefined/false attributes are left out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else if (k === 'for') (el as HTMLLabelElement).htmlFor = String(v);
    else if (k === 'value') (el as HTMLInputElement).value = String(v);
    else if (['disabled', 'checked', 'selected', 'required', 'hidden', 'readOnly', 'multiple'].includes(k)) {
      (el as unknown as Record<string, boolean>)[k] = Boolean(v);
    } else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces everything inside `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let seq = 0;
/** A unique id for label/input pairs. */
export const uid = (prefix = 'f'): string => `${prefix}-${++seq}`;

/** A labelled form field: the label above, a hint below, in one block. */
export function field(label: string, input: HTMLElement, hint?: string): HTMLElement {
  if (!input.id) input.id = uid();
  return h(
    'div',
    { class: 'field' },
    h('label', { for: input.id }, label),
    input,
    hint ? h('p', { class: 'hint' }, hint) : null,
  );
}

/**
 * The banner that shows what went wrong (or went right) next to the part of the page it concerns. Empty and
 * hidden until `error()` / `ok()`; `role=alert` makes a screen reader say it at once.
 */
export class Banner {
  readonly el: HTMLDivElement;
  constructor() {
    this.el = h('div', { class: 'banner', role: 'alert', hidden: true });
  }
  error(message: string): void {
    this.show('banner banner-error', message);
  }
  ok(message: string): void {
    this.show('banner banner-ok', message);
  }
  info(message: string): void {
    this.show('banner banner-info', message);
  }
  clear(): void {
    this.el.hidden = true;
    this.el.textContent = '';
  }
  private show(cls: string, message: string): void {
    this.el.className = cls;
    this.el.textContent = message;
    this.el.hidden = false;
    this.el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
}

/** A button that stays disabled (and says so) while its async action runs, so nothing is sent twice. */
export function actionButton(
  label: string,
  run: () => Promise<unknown> | unknown,
  opts: { class?: string; busyLabel?: string; testid?: string } = {},
): HTMLButtonElement {
  const b = h('button', { type: 'button', class: opts.class ?? 'btn', 'data-testid': opts.testid }, label);
  b.addEventListener('click', async () => {
    if (b.disabled) return;
    b.disabled = true;
    b.textContent = opts.busyLabel ?? `${label}中…`;
    try {
      await run();
    } finally {
      if (b.isConnected) {
        b.disabled = false;
        b.textContent = label;
      }
    }
  });
  return b;
}

/** A modal dialog (the native <dialog>): resolves with what `collect` returns on OK, or null on cancel. */
export function modal<T>(opts: {
  title: string;
  body: Child[];
  okLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  /**
   * Returns the value, or a message (string wrapped in {problem}) to show without closing. It may be async (a
   * request whose refusal is shown in the dialog, keeping what was typed); OK stays disabled while it runs.
   */
  collect: () => T | { problem: string } | Promise<T | { problem: string }>;
  /** Something under the buttons' row's left end, e.g. a delete button. */
  extraAction?: HTMLElement;
}): Promise<T | null> {
  return new Promise((resolve) => {
    const banner = new Banner();
    const dialog = h('dialog', { class: 'modal' });
    const done = (v: T | null) => {
      dialog.close();
      dialog.remove();
      resolve(v);
    };
    const ok = h('button', { type: 'button', class: opts.danger ? 'btn btn-danger' : 'btn btn-primary' }, opts.okLabel);
    ok.addEventListener('click', async () => {
      if (ok.disabled) return;
      ok.disabled = true;
      try {
        const v = await opts.collect();
        if (v && typeof v === 'object' && 'problem' in (v as object)) banner.error((v as { problem: string }).problem);
        else done(v as T);
      } finally {
        ok.disabled = false;
      }
    });
    const cancel = h('button', { type: 'button', class: 'btn' }, opts.cancelLabel ?? '取消');
    cancel.addEventListener('click', () => done(null));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(null);
    });
    append(dialog, [h('h2', null, opts.title), ...opts.body, banner.el, h('div', { class: 'actions' }, ok, cancel, opts.extraAction ?? null)]);
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

export function confirmDialog(title: string, text: string, okLabel: string, danger = false): Promise<boolean> {
  return modal({ title, body: [h('p', null, text)], okLabel, danger, collect: () => true }).then((v) => v === true);
}
