/**
 * The HL tree of one transaction set, built from HL01 ids and HL02 parent pointers whatever
 * levels a carrier uses; HL03 only gives a role through the profile.
 */
import { type ChargeKind, FormatError } from '../canonical.ts';
import type { CarrierProfile, HlRole, ServiceType } from './profiles.ts';
import type { Segment } from './tokenizer.ts';
import { el, type IssueList } from './values.ts';

// Real bills nest fewer than ten levels; a bound keeps a hostile chain of HLs from growing the
// HL paths quadratically.
const MAX_HL_DEPTH = 32;

export interface HlNode {
  id: string;
  parent: HlNode | null;
  level: string;
  role: HlRole;
  path: string;
  depth: number;
  serviceId: string | null;
  serviceType: ServiceType | null;
  account: string | null;
  /** position of the account's REF qualifier in the profile list (lower is better) */
  accountRank: number;
  section: string | null;
  sectionKind: ChargeKind | null;
  productCode: string | null;
  description: string | null;
  dates: Map<string, string>;
}

/** Adds the node of an HL segment to `nodes`; a missing or repeated id is a warning. */
export function addNode(
  nodes: Map<string, HlNode>,
  seg: Segment,
  profile: CarrierProfile,
  issues: IssueList,
): HlNode {
  const id = el(seg, 1);
  const parentId = el(seg, 2);
  let parent = parentId ? (nodes.get(parentId) ?? null) : null;
  if (parentId && !parent) {
    issues.warn(
      'hl_parent_missing',
      `HL ${id} at segment ${seg.index} names parent ${parentId}, which no earlier HL has`,
      seg,
    );
  }
  if (nodes.has(id)) {
    issues.warn(
      'hl_duplicate_id',
      `HL id ${id} at segment ${seg.index} is used twice; the later one wins`,
      seg,
    );
  }
  if (parent && parent.depth + 1 >= MAX_HL_DEPTH) {
    const msg = `HL ${id} at segment ${seg.index} nests deeper than ${MAX_HL_DEPTH} levels`;
    throw new FormatError('hl_too_deep', msg, seg.line, seg.index);
  }
  if (parent?.id === id) parent = null;
  const level = el(seg, 3);
  const node: HlNode = {
    id,
    parent,
    level,
    role: profile.hlLevels[level] ?? 'group',
    path: parent ? `${parent.path}/${id}` : id,
    depth: parent ? parent.depth + 1 : 0,
    serviceId: null,
    serviceType: null,
    account: null,
    accountRank: Number.MAX_SAFE_INTEGER,
    section: null,
    sectionKind: null,
    productCode: null,
    description: null,
    dates: new Map(),
  };
  nodes.set(id, node);
  return node;
}

/** What a line takes from its HL ancestors: for each field, the nearest node that has it. */
export interface FromTree {
  description: string | null;
  section: string | null;
  sectionKind: ChargeKind | null;
  serviceId: string | null;
  serviceType: ServiceType | null;
  account: string | null;
  dates: Map<string, string> | null;
}

// One walk up the tree per line: this runs for every charge of a file.
export function fromTree(node: HlNode | null): FromTree {
  const got: FromTree = {
    description: null,
    section: null,
    sectionKind: null,
    serviceId: null,
    serviceType: null,
    account: null,
    dates: null,
  };
  for (let n = node; n; n = n.parent) {
    got.description ??= n.description;
    got.section ??= n.section;
    got.sectionKind ??= n.sectionKind;
    got.account ??= n.account;
    if (got.serviceId === null && n.serviceId) {
      got.serviceId = n.serviceId;
      got.serviceType = n.serviceType;
    }
    if (got.dates === null && n.dates.size > 0) got.dates = n.dates;
  }
  return got;
}
