import { FIRST_NAMES, LAST_NAMES, US_CITIES } from '../demo/names.ts';
import type { Rng } from '../demo/random.ts';
import type { DemoCostCenter, DemoLocation, DemoPerson } from '../demo/types.ts';

/** Cost centers, sites and people of the scenario company; leavers are added as services need them. */

export const COST_CENTERS: DemoCostCenter[] = [
  { code: 'CC-100', name: 'Operations', parentCode: null },
  { code: 'CC-110', name: 'Plant operations', parentCode: 'CC-100' },
  { code: 'CC-120', name: 'Logistics', parentCode: 'CC-100' },
  { code: 'CC-200', name: 'Sales', parentCode: null },
  { code: 'CC-210', name: 'Field sales', parentCode: 'CC-200' },
  { code: 'CC-300', name: 'Information technology', parentCode: null },
  { code: 'CC-310', name: 'Network services', parentCode: 'CC-300' },
  { code: 'CC-400', name: 'Finance', parentCode: null },
];
export const LEAF_COST_CENTERS = ['CC-110', 'CC-120', 'CC-210', 'CC-310', 'CC-400'];

/** Closing dates of the closed sites: all before the last billed month, so anything billed there is an error. */
const CLOSINGS = ['2026-03-31', '2026-05-31', '2026-07-31', '2026-09-30'];
const OPEN_SITES = 12;

export class People {
  readonly list: DemoPerson[] = [];
  private n = 0;

  constructor(private readonly rng: Rng) {}

  add(leaverDate: string | null, locationCode: string | null): DemoPerson {
    const first = this.rng.pick(FIRST_NAMES);
    const last = this.rng.pick(LAST_NAMES);
    const employeeId = `E${String(1001 + this.n++)}`;
    const person: DemoPerson = {
      employeeId,
      name: `${first} ${last}`,
      email: `${first}.${last}.${employeeId}@scenario.example`.toLowerCase(),
      costCenterCode: this.rng.pick(LEAF_COST_CENTERS),
      managerEmployeeId: null,
      locationCode,
      leaverDate,
    };
    this.list.push(person);
    return person;
  }
}

export function buildLocations(rng: Rng): DemoLocation[] {
  const cities = rng.shuffle(US_CITIES).slice(0, OPEN_SITES + CLOSINGS.length);
  return cities.map((c, i) => {
    const closedOn = i < OPEN_SITES ? null : CLOSINGS[i - OPEN_SITES]!;
    return {
      code: `SITE-${c.code}`,
      name: `${c.city} ${closedOn ? 'branch' : 'office'}`,
      address: `${rng.int(10, 9900)} Commerce Dr`,
      city: c.city,
      region: c.region,
      country: 'US',
      status: closedOn ? 'closed' : 'open',
      closedOn,
    };
  });
}
