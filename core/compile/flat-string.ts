/**
 * The same string, made flat. A rendering is built by appending many small pieces, which V8 keeps as a
 * tree of pieces until something reads the characters; every model's tree would otherwise live until
 * fingerprinting and be copied by each garbage collection on the way. Reading one character flattens it
 * (a V8 behaviour: elsewhere this is a no-op, never a change of value).
 */
export function flatString(text: string): string {
  text.charCodeAt(0);
  return text;
}
