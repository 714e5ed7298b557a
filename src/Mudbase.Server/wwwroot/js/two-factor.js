// Two-factor sign-in in the account menu: set it up by scanning a QR code and confirming a code, see the one-time
// recovery codes once, or turn it off with password and code. Also the second step of signing in.

import { el } from "./format.js";

/** Builds the "Two-factor" button and its drawer; `api.call(method, path, options)` sends an authorised JSON request. */
export function createTwoFactor({ api, announce, mount }) {
  const status = el("p", { id: "two-factor-status", className: "muted" });
  const qr = el("img", { id: "two-factor-qr", alt: "QR code for your authenticator app", width: 200, height: 200, hidden: true });
  const secret = el("code", { id: "two-factor-secret" });
  const setupButton = el("button", { id: "two-factor-setup", type: "button", className: "button primary", text: "Set up two-factor sign-in" });
  const code = el("input", { id: "two-factor-code", inputmode: "numeric", autocomplete: "one-time-code", maxlength: 6, "aria-label": "Code from the app" });
  const confirm = el("form", { id: "two-factor-confirm", hidden: true },
    el("p", {}, "Scan the code with your authenticator app, or type the key: ", secret),
    qr, el("label", { for: "two-factor-code" }, "Code from the app"), code,
    el("button", { type: "submit", className: "button primary", text: "Enable" }));
  const codes = el("ol", { id: "two-factor-recovery", className: "recovery-codes" });
  const recovery = el("section", { id: "two-factor-recovery-section", hidden: true },
    el("h3", {}, "Recovery codes"), el("p", {}, "Each works once instead of a code. They are shown only now: keep them somewhere safe."), codes);
  const disablePassword = el("input", { id: "two-factor-disable-password", type: "password", autocomplete: "current-password", "aria-label": "Password" });
  const disableCode = el("input", { id: "two-factor-disable-code", autocomplete: "one-time-code", "aria-label": "Code or recovery code" });
  const disable = el("form", { id: "two-factor-disable", hidden: true },
    el("h3", {}, "Turn off"), el("label", { for: "two-factor-disable-password" }, "Password"), disablePassword,
    el("label", { for: "two-factor-disable-code" }, "Code or recovery code"), disableCode,
    el("button", { type: "submit", className: "button", text: "Turn off two-factor sign-in" }));
  const error = el("p", { id: "two-factor-error", className: "form-error", role: "alert" });
  const close = el("button", { type: "button", className: "button quiet icon", "aria-label": "Close two-factor settings", text: "✕" });
  const dialog = el("dialog", { id: "two-factor", className: "drawer", "aria-labelledby": "two-factor-title" },
    el("div", { className: "drawer-head" }, el("h2", { id: "two-factor-title" }, "Two-factor sign-in"), close),
    el("section", {}, status, setupButton, confirm, recovery, disable, error));
  const open = el("button", { id: "open-two-factor", type: "button", className: "button quiet", text: "Two-factor" });
  mount.before(open);
  document.body.append(dialog);

  async function show() {
    error.textContent = "";
    const state = await api.call("GET", "/api/users/2fa");
    status.textContent = state.enabled
      ? `On since ${new Date(state.enabledAt).toLocaleString()}; ${state.recoveryCodesLeft} recovery codes left.`
      : "Off. Protect your account with a code from an authenticator app.";
    setupButton.hidden = state.enabled;
    disable.hidden = !state.enabled;
    confirm.hidden = true;
  }

  open.addEventListener("click", async () => {
    recovery.hidden = true;
    dialog.showModal();
    await show().catch((e) => (error.textContent = e.message));
  });
  close.addEventListener("click", () => dialog.close());
  setupButton.addEventListener("click", async () => {
    try {
      const setup = await api.call("POST", "/api/users/2fa/setup");
      qr.src = setup.qrCode;
      qr.hidden = false;
      secret.textContent = setup.manualEntryKey;
      confirm.hidden = false;
      setupButton.hidden = true;
      code.focus();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  confirm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const verified = await api.call("POST", "/api/users/2fa/verify", { body: { token: code.value.trim() }, keepSession: true });
      codes.replaceChildren(...verified.backupCodes.map((c) => el("li", {}, el("code", {}, c))));
      recovery.hidden = false;
      code.value = "";
      await show();
      announce("Two-factor sign-in is on.");
    } catch (e) {
      error.textContent = e.status === 401 ? "That code is not right. Check the app's clock and try the current code." : e.message;
    }
  });
  disable.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api.call("POST", "/api/users/2fa/disable", { body: { password: disablePassword.value, token: disableCode.value.trim() }, keepSession: true });
      disablePassword.value = disableCode.value = "";
      await show();
      announce("Two-factor sign-in is off.");
    } catch (e) {
      error.textContent = e.status === 401 ? "The password or the code is not right." : e.message;
    }
  });
  return { button: open };
}

/**
 * The second sign-in step: reveals a code field in the sign-in form and resolves with the code the user submits.
 * `form` is the sign-in form; `before` the element the field goes above.
 */
export function askForCode(form, before) {
  let field = form.querySelector("#sign-in-code");
  if (!field) {
    field = el("input", { id: "sign-in-code", name: "code", autocomplete: "one-time-code", required: true });
    before.before(el("label", { for: "sign-in-code" }, "Two-factor code or recovery code"), field);
  }
  field.value = "";
  field.focus();
  return field;
}
