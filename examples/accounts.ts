/**
 * Sign-in accounts for trying the engine with the sample province: one per role, at the
 * units the example plans involve. They share one generated password, kept in DATA_DIR.
 */
import type { Actor, Role } from '../domain/access';
import type { PrismaClient } from '../db/prisma';
import { createAccount } from '../services/accounts';

export const exampleAccounts: { username: string; displayName: string; role: Role; unit?: string }[] = [
  { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin' },
  { username: 'lanhdao.ubnd', displayName: 'Phó Chủ tịch UBND tỉnh', role: 'leader', unit: 'UBND-KT' },
  { username: 'giamdoc.vhttdl', displayName: 'Giám đốc Sở VHTTDL', role: 'department_head', unit: 'SO-VHTTDL' },
  { username: 'canbo.vhttdl', displayName: 'Chuyên viên phòng Quản lý văn hóa và gia đình', role: 'unit_officer', unit: 'SO-VHTTDL' },
  { username: 'chutich.dakha', displayName: 'Chủ tịch UBND huyện Đắk Hà', role: 'unit_head', unit: 'H-DAKHA' },
  { username: 'canbo.dakha', displayName: 'Công chức văn hóa - xã hội huyện Đắk Hà', role: 'unit_officer', unit: 'H-DAKHA' },
  { username: 'canbo.hlhpn', displayName: 'Cán bộ Hội Liên hiệp Phụ nữ tỉnh', role: 'unit_officer', unit: 'HLHPN' },
];

/** Creates the accounts that do not exist yet; answers the usernames created. */
export async function createExampleAccounts(db: PrismaClient, accounts: typeof exampleAccounts, password: string, actor: Actor): Promise<string[]> {
  const existing = new Set((await db.account.findMany({ select: { username: true } })).map((account) => account.username));
  const created = [];
  for (const account of accounts) {
    if (existing.has(account.username)) continue;
    await createAccount(db, { ...account, password }, actor);
    created.push(account.username);
  }
  return created;
}
