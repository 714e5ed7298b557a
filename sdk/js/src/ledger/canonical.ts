/**
 * RFC 8785 JSON Canonicalization Scheme: object members sorted by the UTF-16 code units of their
 * names, numbers and strings printed as ECMAScript's JSON.stringify prints them, no whitespace.
 * Throws for values JSON cannot hold (undefined, functions, NaN, infinities, lone surrogates, …).
 */
export function canonicalize(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonical JSON has no form for NaN or infinities");
      return JSON.stringify(value); // ECMAScript Number::toString, which RFC 8785 adopts; -0 prints as 0
    case "string":
      if (!isWellFormed(value)) throw new TypeError("canonical JSON strings must be valid Unicode (no lone surrogates)");
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map(canonicalize).join(",")}]`;
      const record = value as Record<string, unknown>;
      // The default sort compares UTF-16 code units, exactly what RFC 8785 §3.2.3 asks for.
      const keys = Object.keys(record).sort();
      const members: string[] = [];
      for (const key of keys) {
        if (!isWellFormed(key)) throw new TypeError("canonical JSON names must be valid Unicode (no lone surrogates)");
        members.push(`${JSON.stringify(key)}:${canonicalize(record[key])}`);
      }
      return `{${members.join(",")}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no form for a value of type ${typeof value}`);
  }
}

function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}
