/** Nominal ("branded") types: a string that has been parsed once and can be trusted. */

declare const brandTag: unique symbol;

/** `T` tagged with the name `B`; only the matching parse/generate functions make one. */
export type Brand<T, B extends string> = T & { readonly [brandTag]: B };
