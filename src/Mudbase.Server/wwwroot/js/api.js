// The dashboard's HTTP calls. Reads and downloads go through plain fetch so the dashboard keeps working from a
// build made without npm, where the JavaScript SDK is absent; only verification needs the SDK (verification.js).

/** An error answer of the API, carrying its problem+json fields. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error || body?.title || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = body?.code;
    this.details = body?.details;
    this.requestId = body?.requestId;
  }
}

/** Builds `?a=1&b=x&b=y`, leaving out empty values. */
export function queryString(query = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null || item === "") continue;
      params.append(name, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * `getToken` supplies the access token of the moment; `onUnauthorized` runs when the server answers 401 to a
 * signed-in call, i.e. the session ended.
 */
export function createApi({ getToken, onUnauthorized }) {
  async function send(method, path, { query, body, auth = true, accept = "application/json", keepSession = false } = {}) {
    const headers = { Accept: accept };
    const token = auth ? getToken() : null;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path + queryString(query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      // A 401 to a re-authentication (wrong password or code) does not mean the session ended.
      if (response.status === 401 && token && !keepSession) onUnauthorized();
      throw new ApiError(response.status, problem);
    }
    return response;
  }

  const json = async (method, path, options) => (await send(method, path, options)).json();

  return {
    /** Any JSON call, for the views that add endpoints of their own. */
    call: json,
    /** Any call, answering the raw Response (downloads). */
    raw: send,
    login: (email, password) => json("POST", "/api/auth/login", { body: { email, password }, auth: false }),
    session: () => json("GET", "/api/auth/session"),
    summary: () => json("GET", "/api/compliance/summary"),
    listEvents: (query) => json("GET", "/api/compliance/security-events", { query }),
    getEvent: (eventId) => json("GET", `/api/compliance/security-events/${encodeURIComponent(eventId)}`),
    /** The data-subject endpoints (privacy.js): a JSON call with an optional body. */
    privacy: (method, path, body) => json(method, path, { body }),

    /**
     * Revokes a session's refresh token (the short-lived access token simply expires). Best effort and outside the
     * 401 hook: signing out locally must not depend on the server answering.
     */
    revoke: (token, refreshToken) =>
      fetch("/api/auth/logout", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ refreshToken }),
        credentials: "omit",
      }).catch(() => {}),

    /** Downloads an export with the Authorization header; resolves to { blob, filename }. */
    async exportEvents(query) {
      const response = await send("GET", "/api/compliance/security-events/export", { query, accept: "*/*" });
      const blob = await response.blob();
      return { blob, filename: attachmentName(response.headers.get("Content-Disposition")) ?? `mudbase-export.${query.format}` };
    },
  };
}

function attachmentName(disposition) {
  const match = /filename="?([^";]+)"?/i.exec(disposition ?? "");
  // Only a plain file name: the server chooses it, but nothing should steer a download into a path.
  return match && /^[\w.-]+$/.test(match[1]) ? match[1] : null;
}
