/**
 * Fixed values several capabilities share (the answering core, the channels, the configuration's defaults): each is
 * written once, here. Everything else configurable lives in config.ts.
 */

/** The characters who speak for the county: `xiaoli` = 冠小梨, `xiaozhi` = 冠小芝, `duo` = the two in dialogue. */
export const PERSONAS = ['xiaoli', 'xiaozhi', 'duo'] as const;
export type PersonaId = (typeof PERSONAS)[number];

/** Who answers when a citizen, chat or command has not chosen (冠小梨). */
export const DEFAULT_PERSONA: PersonaId = 'xiaoli';

/**
 * Only this many characters of a question are looked up and passed to a model (the full text is still recorded);
 * channels tell the citizen when a message was longer.
 */
export const MAX_QUESTION_CHARS = 500;

/** The county's time zone: tickets, weeks, expiry dates and publication dates follow Shanghai days. */
export const COUNTY_TIME_ZONE = 'Asia/Shanghai';
