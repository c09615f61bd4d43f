/**
 * Words that say nothing about what is asked, in three named lists because three comparisons were tuned on them and
 * each drops something different. Merging them would change what the engine retrieves (its decision model was
 * trained with {@link RETRIEVAL_STOPWORDS}), which questions the desk groups, or which messages count as smalltalk.
 */

/**
 * Retrieval: function words and question words that carry no topic, dropped from jieba's words before indexing and
 * from questions before lookup. Whole words only (the segmenter has already cut the text).
 */
export const RETRIEVAL_STOPWORDS: ReadonlySet<string> = new Set(
  ('的 了 吗 呢 啊 吧 呀 嘛 哦 是 有 在 和 与 及 或 也 都 就 还 又 被 把 对 从 向 给 让 以 之 其 这 那 这个 那个 这些 那些 ' +
    '什么 怎么 怎样 怎么样 如何 为什么 多少 哪些 哪里 哪儿 哪个 哪 几 几个 谁 吗 么 啥 咋 我 你 他 她 它 我们 你们 他们 咱 ' +
    '要 能 会 可以 可 请问 请 一下 下 想 想要 知道 告诉 问 问问 一个 个 些 等 等等 及其 以及 并 而 但 如果 因为 所以 ' +
    '没有 不 没 多 很 最 更 太 吧 呗 哈 嗯 得 地 着 过 去 来 上 中 里 为 所 于 ' +
    '为啥 干啥 干嘛 到底 究竟 这份 那份 这项 那项 这次 那次 这种 那种 该 此 俺 俺们 哪几 哪几个 哪几种 哪几项 是从 ' +
    '时候 什么时候 哪些地方 什么地方 哪个地方 怎么办 咋办 是不是 能不能 可不可以 有没有 要不要 会不会 多少钱 啥时候 多大')
    .split(/\s+/),
);

/**
 * Near-duplicate grouping: politeness and particles removed from the unsegmented question text, so 请问低保标准是多少
 * and 低保标准是多少 group. Kept short: everything else in a question may tell two cases apart. Longer forms first.
 */
export const QUESTION_FILLER = /请问一下|请问|问一下|你好|您好|麻烦|谢谢|一下|想知道|想问|我想|我们|咱们|的|了|吗|呢|吧|啊|呀/g;

/**
 * Smalltalk: what may surround a greeting (你好啊, 谢谢你们) besides the characters' names; a message of nothing but
 * these is a greeting, not a question for staff. Interjections only: 吗 and 的 make a question of it.
 */
export const SMALLTALK_FILLER: readonly string[] = ['机器人', '你们', '啊', '呀', '啦', '嘞', '哈', '哦', '嗯', '呢', '吧'];
