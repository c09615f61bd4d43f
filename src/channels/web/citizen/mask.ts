/**
 * The question as the public ticket lookup shows it: anyone holding a ticket
 * number may open it, so personal data is masked (the desk's rules) and the
 * text is shortened to what a citizen needs to recognise their question.
 */
import { maskPersonalData } from '../../../desk/mask.ts';

export const CITIZEN_QUESTION_CHARS = 60;

export function maskForCitizen(question: string): string {
  const chars = [...maskPersonalData(question)];
  return chars.length > CITIZEN_QUESTION_CHARS ? `${chars.slice(0, CITIZEN_QUESTION_CHARS).join('')}…` : chars.join('');
}
