import { EMAIL_DOMAIN, FIRST_NAMES, LAST_NAMES } from './names.ts';
import type { Department, LocationKind, OrgTree, Site } from './org.ts';
import { ROOT_COST_CENTER } from './org.ts';
import type { Rng } from './random.ts';
import type { DemoPerson } from './types.ts';

export const HEADCOUNT = 1500;

/** Where each division's staff sit, as [site kind, share]. Unlisted divisions work from HQ. */
const SITE_MIX: Record<string, [LocationKind, number][]> = {
  Operations: [
    ['PL', 0.6],
    ['HQ', 0.4],
  ],
  Manufacturing: [['PL', 1]],
  Sales: [
    ['SO', 0.8],
    ['HQ', 0.2],
  ],
  'Information Technology': [
    ['HQ', 0.85],
    ['DC', 0.15],
  ],
  'Research & Development': [
    ['RD', 0.8],
    ['HQ', 0.2],
  ],
  'Supply Chain': [
    ['WH', 0.8],
    ['HQ', 0.2],
  ],
};

/** Relative pull of a closed site vs an open one: low, so only a few stale assignments remain. */
const CLOSED_SITE_WEIGHT = 0.1;
const REMOTE_SHARE = 0.03;
const MISSING_COST_CENTER_SHARE = 0.01;
const TEAM_SIZE = 10;

/** Internal draft: managers are referenced by array index until employee ids are assigned. */
interface Draft {
  costCenterCode: string | null;
  locationCode: string | null;
  manager: number | null;
}

export function buildPeople(rng: Rng, org: OrgTree, sites: Site[]): DemoPerson[] {
  const hq = sites.find((s) => s.kind === 'HQ')?.location.code ?? null;
  const siteFor = (divisionName: string): string | null => {
    const kind = rng.weighted(SITE_MIX[divisionName] ?? [['HQ', 1]]);
    const candidates = sites.filter((s) => s.kind === kind);
    if (candidates.length === 0) return hq;
    return rng.weighted(
      candidates.map(
        (s) => [s.location.code, s.location.status === 'open' ? 1 : CLOSED_SITE_WEIGHT] as const,
      ),
    );
  };

  const drafts: Draft[] = [];
  const add = (d: Draft): number => drafts.push(d) - 1;

  // Leadership first so every manager precedes their reports in the output.
  const ceo = add({ costCenterCode: ROOT_COST_CENTER, locationCode: hq, manager: null });
  for (let i = 0; i < 3; i++) add({ costCenterCode: ROOT_COST_CENTER, locationCode: hq, manager: ceo });

  const divisionHead = new Map<string, number>();
  for (const code of org.divisionCodes) {
    divisionHead.set(code, add({ costCenterCode: code, locationCode: hq, manager: ceo }));
  }
  // A couple of division-level analysts/admins who belong to no department.
  for (const [code, head] of divisionHead) {
    for (let i = rng.int(0, 2); i > 0; i--) add({ costCenterCode: code, locationCode: hq, manager: head });
  }
  const deptHead = new Map<string, number>();
  for (const dept of org.departments) {
    const manager = divisionHead.get(dept.divisionCode) ?? ceo;
    deptHead.set(
      dept.code,
      add({ costCenterCode: dept.code, locationCode: siteFor(dept.divisionName), manager }),
    );
  }

  // Staff the rest by department weight, then carve team leads out of the larger departments.
  const remaining = HEADCOUNT - drafts.length;
  const weights = org.departments.map((d) => [d, d.weight] as const);
  const members = new Map<Department, number>();
  for (let i = 0; i < remaining; i++) {
    const dept = rng.weighted(weights);
    members.set(dept, (members.get(dept) ?? 0) + 1);
  }

  const leadDrafts: (Draft & { dept: Department })[] = [];
  const icDepts: Department[] = [];
  for (const dept of org.departments) {
    const count = members.get(dept) ?? 0;
    const leads = count > TEAM_SIZE * 1.5 ? Math.ceil(count / (TEAM_SIZE + 1)) : 0;
    for (let i = 0; i < leads; i++) {
      const location = siteFor(dept.divisionName);
      leadDrafts.push({ dept, costCenterCode: dept.code, locationCode: location, manager: null });
    }
    for (let i = leads; i < count; i++) icDepts.push(dept);
  }

  const leadsByDept = new Map<Department, number[]>();
  for (const lead of rng.shuffle(leadDrafts)) {
    const index = add({
      costCenterCode: lead.costCenterCode,
      locationCode: lead.locationCode,
      manager: deptHead.get(lead.dept.code) ?? ceo,
    });
    leadsByDept.set(lead.dept, [...(leadsByDept.get(lead.dept) ?? []), index]);
  }
  const firstIc = drafts.length;
  for (const dept of rng.shuffle(icDepts)) {
    const leads = leadsByDept.get(dept);
    const manager = leads ? rng.pick(leads) : (deptHead.get(dept.code) ?? ceo);
    add({
      // HR feeds always have a few gaps; the demo should show how those surface.
      costCenterCode: rng.chance(MISSING_COST_CENTER_SHARE) ? null : dept.code,
      locationCode: rng.chance(REMOTE_SHARE) ? null : siteFor(dept.divisionName),
      manager,
    });
  }

  // Only individual contributors leave, so no live report ever points at a departed manager.
  const leaverCount = rng.int(Math.round(HEADCOUNT * 0.035), Math.round(HEADCOUNT * 0.045));
  const icIndexes = Array.from({ length: drafts.length - firstIc }, (_, i) => firstIc + i);
  const leavers = new Set(rng.shuffle(icIndexes).slice(0, leaverCount));

  const ids = employeeIds(rng, drafts.length);
  const emails = new Map<string, number>();
  return drafts.map((draft, i): DemoPerson => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    return {
      employeeId: ids[i]!,
      name: `${first} ${last}`,
      email: uniqueEmail(emails, first, last),
      costCenterCode: draft.costCenterCode,
      managerEmployeeId: draft.manager === null ? null : ids[draft.manager]!,
      locationCode: draft.locationCode,
      leaverDate: leavers.has(i) ? rng.date('2025-06-01', '2026-11-30') : null,
    };
  });
}

/** Increasing ids with gaps, like a real HRIS where ids were issued to people who have since gone. */
function employeeIds(rng: Rng, count: number): string[] {
  const ids: string[] = [];
  let next = rng.int(100, 400);
  for (let i = 0; i < count; i++) {
    ids.push(`E${String(next).padStart(6, '0')}`);
    next += rng.int(1, 5);
  }
  return ids;
}

function uniqueEmail(seen: Map<string, number>, first: string, last: string): string {
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  const n = (seen.get(local) ?? 0) + 1;
  seen.set(local, n);
  // Local parts never end in a digit, so "john.smith2" can't clash with another base name.
  return `${n === 1 ? local : `${local}${n}`}@${EMAIL_DOMAIN}`;
}
