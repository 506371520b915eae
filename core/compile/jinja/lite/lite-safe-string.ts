/**
 * What a macro call returns: a string wrapper behaving like nunjucks' runtime.SafeString
 * (own `val` and `length`, String.prototype methods, valueOf/toString give the text, always
 * truthy, `[object Object]` to Object.prototype.toString), so operators and filters see the
 * same thing they see under nunjucks. It is deliberately not nunjucks' class (nunjucks is
 * loaded lazily), so values holding one are never handed to host functions (see lite-call.ts).
 */
export class LiteSafeString {
  val: string;
  length: number;

  constructor(val: string) {
    this.val = val;
    this.length = val.length;
  }

  valueOf(): string {
    return this.val;
  }

  toString(): string {
    return this.val;
  }
}

// Like nunjucks' SafeString: String.prototype methods (toUpperCase, indexOf...) apply to it.
Object.setPrototypeOf(LiteSafeString.prototype, String.prototype);
