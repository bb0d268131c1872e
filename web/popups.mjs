// Pop-up windows an app page opens (window.open with window features, as the
// Django admin's "+" beside a related field does), shown as frames in a
// dialog over the page. A real window would load the site again: a second
// copy of the app, which cannot write while this one holds the stored data,
// and whose window.opener could not reach this page's app. In a frame of this
// shell, the pop-up talks to the same app, and web/frame.js gives its page
// the opener and a close() that closes the dialog.

/** Size of a pop-up whose features name none, as a share of the viewport. */
const DEFAULT_SHARE = 0.8;

/**
 * Whether window.open's features ask for a pop-up rather than a tab, as
 * HTML's "check if a popup window is requested" decides (noopener and
 * noreferrer are left to the browser: they return no window to talk to).
 * @param {string} features
 */
export function asksForPopup(features) {
  const tokens = parseFeatures(features);
  if (tokens.size === 0 || tokens.has("noopener") || tokens.has("noreferrer")) return false;
  if (tokens.has("popup")) return isOn(tokens.get("popup"));
  const on = (/** @type {string} */ name, /** @type {boolean} */ absent) => (tokens.has(name) ? isOn(tokens.get(name)) : absent);
  if (!on("location", false) && !on("toolbar", false)) return true;
  return !on("menubar", false) || !on("resizable", true) || !on("scrollbars", false) || !on("status", false);
}

/**
 * window.open's features as name → value ("" for a bare name).
 * @param {string} features
 */
function parseFeatures(features) {
  /** @type {Map<string, string>} */
  const tokens = new Map();
  for (const part of features.toLowerCase().split(",")) {
    const [name, value = ""] = part.split("=").map((s) => s.trim());
    if (name) tokens.set(name, value);
  }
  return tokens;
}

/** @param {string | undefined} value a feature's value: a bare name is on */
function isOn(value) {
  if (value === undefined) return false;
  if (value === "" || value === "yes" || value === "true") return true;
  return Number.parseInt(value, 10) > 0;
}

/**
 * A size feature, clamped to what the viewport can show.
 * @param {string | undefined} value @param {number} room
 */
function sizeIn(value, room) {
  const asked = Number.parseInt(value ?? "", 10);
  return Math.round(Math.min(asked > 100 ? asked : room * DEFAULT_SHARE, room));
}

/**
 * @typedef {object} Popup
 * @property {HTMLDialogElement} dialog
 * @property {HTMLIFrameElement} frame
 * @property {string} name the window name the page gave (window.name in the pop-up)
 * @property {Window} opener the window that opened it
 */

export class Popups {
  /** @param {(frame: HTMLIFrameElement, url: string) => void} navigate loads an app URL in a frame */
  constructor(navigate) {
    this.navigate = navigate;
    /** @type {Popup[]} */
    this.open = [];
  }

  /**
   * Show `url` in a pop-up frame (the one named `name` if it is open) and
   * return its window, as window.open does.
   * @param {string} url an absolute URL under the site
   * @param {string} name the window name ("" or "_blank" for a new one)
   * @param {string} features window.open's features (width, height)
   * @param {Window} opener
   */
  show(url, name, features, opener) {
    const named = name && name !== "_blank" ? this.open.find((popup) => popup.name === name) : undefined;
    const popup = named ?? this.#create(name === "_blank" ? "" : name, features, opener);
    popup.opener = opener;
    this.navigate(popup.frame, url);
    return /** @type {Window} */ (popup.frame.contentWindow);
  }

  /**
   * The opener of a pop-up's window, or undefined when `win` is not in a pop-up.
   * @param {Window} win
   */
  openerOf(win) {
    return this.#find(win)?.opener;
  }

  /**
   * Close the pop-up that shows `win` (its page called window.close()).
   * @param {Window} win
   */
  close(win) {
    const popup = this.#find(win);
    if (popup) popup.dialog.close();
  }

  /** @param {Window} win */
  #find(win) {
    return this.open.find((popup) => popup.frame.contentWindow === win);
  }

  /**
   * @param {string} name @param {string} features @param {Window} opener
   * @returns {Popup}
   */
  #create(name, features, opener) {
    const tokens = parseFeatures(features);
    const dialog = document.createElement("dialog");
    dialog.className = "wasgi-popup";
    dialog.innerHTML = `<div class="wasgi-popup-bar"><span></span><button type="button" aria-label="Close">×</button></div>`;
    const title = /** @type {HTMLElement} */ (dialog.querySelector("span"));
    const frame = document.createElement("iframe");
    frame.name = name;
    frame.style.width = `${sizeIn(tokens.get("width"), innerWidth - 32)}px`;
    frame.style.height = `${sizeIn(tokens.get("height"), innerHeight - 64)}px`;
    dialog.append(frame);
    /** @type {Popup} */
    const popup = { dialog, frame, name, opener };
    frame.addEventListener("load", () => {
      try {
        title.textContent = frame.contentDocument?.title ?? "";
        dialog.setAttribute("aria-label", title.textContent);
      } catch {
        // the pop-up went to another origin: no title to show
      }
    });
    dialog.querySelector("button")?.addEventListener("click", () => dialog.close());
    // Closed by its page, its button or Escape: remove it, so its page unloads
    // (web/frame.js then closes what the page had open, as for a closed window).
    dialog.addEventListener("close", () => {
      this.open.splice(this.open.indexOf(popup), 1);
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
    this.open.push(popup);
    return popup;
  }
}
