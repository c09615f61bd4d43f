/** Open desk items for the whole-ask pass: a realistic backlog, all different questions. */
import type { Desk } from '../../src/desk/types.ts';

const TOPICS = ['低保申请', '宅基地审批', '医保报销', '养老保险转移', '营业执照变更', '不动产登记', '公租房申请', '残疾人补贴', '农机购置补贴', '户口迁移'];
const PLACES = ['清泉街道', '崇文街道', '烟庄街道', '贾镇', '桑阿镇', '柳林镇', '辛集镇', '北馆陶镇', '东古城镇', '兰沃乡'];

/**
 * Opens `count` unresolved items with distinct questions (a place, a topic and a number each, so they are not all
 * one near-duplicate group) through the desk's own `openItem`, as unanswered questions would.
 */
export function seedOpenItems(desk: Desk, count: number): void {
  for (let i = 0; i < count; i++) {
    const question = `${PLACES[i % PLACES.length]}的${TOPICS[Math.floor(i / PLACES.length) % TOPICS.length]}，第${i + 1}号材料交了以后多久有结果？`;
    desk.openItem({ kind: '未解答', channel: 'web', channelUserId: `seed-${i}`, question, candidates: [] });
  }
}
