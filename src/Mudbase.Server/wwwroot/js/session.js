// The signed-in session: the access token lives in memory and in sessionStorage, so a reload keeps the user signed in
// while closing the tab ends it. The refresh token stays in memory only; it is needed just to revoke the session.

const KEY = "mudbase.session";

let current = null;
let refreshToken = null;

export function restoreSession(now = Date.now()) {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? "null");
    if (stored?.token && stored.expiresAt > now) current = stored;
    else sessionStorage.removeItem(KEY);
  } catch {
    sessionStorage.removeItem(KEY);
  }
  return current;
}

export function startSession(auth, now = Date.now()) {
  current = { token: auth.token, expiresAt: now + auth.expiresIn * 1000, user: auth.user };
  refreshToken = auth.refreshToken ?? null;
  sessionStorage.setItem(KEY, JSON.stringify(current));
  return current;
}

export function updateUser(user) {
  if (!current) return;
  current = { ...current, user };
  sessionStorage.setItem(KEY, JSON.stringify(current));
}

export function endSession() {
  const ended = { token: current?.token ?? null, refreshToken };
  current = null;
  refreshToken = null;
  sessionStorage.removeItem(KEY);
  return ended;
}

export const accessToken = () => current?.token ?? null;
export const sessionUser = () => current?.user ?? null;
