/**
 * Width folding, in two named forms because they serve different comparisons:
 *
 * - {@link toHalfWidth}: full-width ASCII and the ideographic space only, one UTF-16 unit for one. Retrieval, the
 *   answering engine (its decision model was trained on this form), smalltalk, masking (which needs positions to map
 *   one to one) and near-duplicate grouping all use it.
 * - {@link foldCompatibility}: Unicode NFKC, which also folds ligatures, circled and enclosed numbers, ㎡ and the
 *   like, and may change the length. For checking generated text against the corpus, where positions do not matter
 *   and a model may write any compatibility form. Not a replacement for the first: it would change what the engine
 *   matches.
 */

/** Full-width ASCII (０-９, Ａ-Ｚ, ％, ＠, （）…) and the ideographic space to half-width, one unit for one. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Normal form used for matching: half-width, lower case, no whitespace. */
export function normalizeForMatch(text: string): string {
  return toHalfWidth(text).toLowerCase().replace(/\s+/g, '');
}

/** Unicode compatibility folding (NFKC): full-width, ligatures, enclosed numbers (①→1), units (㎡→m2). */
export function foldCompatibility(text: string): string {
  return text.normalize('NFKC');
}

/**
 * A question as compared for sameness (is it already in the FAQ, in the bank?): folded, lower case, without spaces,
 * punctuation or symbols. 「县政府办公室电话多少？」 and 「县政府办公室 电话多少」 are the same question. `fold` is the
 * width folding: half-width by default, NFKC where any compatibility form may come in.
 */
export function questionKey(question: string, fold: (text: string) => string = toHalfWidth): string {
  return fold(question).toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}
