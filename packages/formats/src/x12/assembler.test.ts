import { describe, expect, it } from 'vitest';
import type { ParsedInvoice } from '../canonical.ts';
import type { X12Options } from './index.ts';
import { resolveProfile } from './profiles.ts';
import { envelopeOf, parseText } from './test-helpers.ts';

const HEAD = ['BIG*20250301*INV-1', 'REF*12*BAN-1'];

async function one(body: string[], opts: X12Options = {}): Promise<ParsedInvoice> {
  const out = await parseText(envelopeOf(body), opts);
  if (out.error) throw new Error(`${out.error.code}: ${out.error.message}`);
  const inv = out.invoices[0];
  if (!inv || out.invoices.length !== 1) throw new Error('expected one invoice');
  return inv;
}
const amounts = (inv: ParsedInvoice) => inv.charges.map((c) => [c.kind, c.amount, c.infoOnly]);
const codes = (inv: ParsedInvoice) => inv.issues.map((i) => i.code);

describe('x12 811 assembler: HL tree', () => {
  it('builds the tree from HL02 pointers whatever the levels, with parents anywhere earlier', async () => {
    const inv = await one([
      ...HEAD,
      'HL*1**1*1',
      'HL*2*1*2*1',
      'HL*3*2*3*1',
      'SI*TI*TN*3125550001',
      'HL*4*2*3*1',
      'REF*TN*3125550002',
      'HL*5*3*8*0', // child of HL 3 after HL 4 was opened
      'SLN*1**I*1*EA*1.00',
      'HL*6*4*9*0', // level 4-8 skipped
      'SLN*1**I*1*EA*2.00',
    ]);
    expect(inv.charges.map((c) => [c.source.ref, c.serviceId, c.serviceType])).toEqual([
      ['1/2/3/5', '3125550001', 'phone'],
      ['1/2/4/6', '3125550002', 'phone'],
    ]);
  });

  it('maps carrier letter codes through the profile', async () => {
    const profile = { hlLevels: { A: 'account', B: 'service' } } as const;
    const inv = await one(
      [
        'BIG*20250301*INV-1',
        'HL*1**A*1',
        'REF*11*ACCT-A',
        'HL*2*1*B*0',
        'SI*TI*TN*2125550000',
        'SLN*1**I*1*EA*4.00',
      ],
      {
        profile,
      },
    );
    expect(inv.accountNumber).toBe('ACCT-A');
    expect(inv.charges[0]?.attributes?.hlLevel).toBe('B');
  });

  it('warns about a missing or duplicated parent and rejects absurd nesting', async () => {
    const inv = await one([...HEAD, 'HL*1**2*1', 'HL*2*7*8*0', 'HL*1**2*0']);
    expect(codes(inv)).toEqual(['hl_parent_missing', 'hl_duplicate_id']);
    const deep = ['HL*1**1*1', ...Array.from({ length: 40 }, (_, i) => `HL*${i + 2}*${i + 1}*4*1`)];
    const out = await parseText(envelopeOf([...HEAD, ...deep]));
    expect(out.error).toMatchObject({ code: 'hl_too_deep', segment: 38 });
  });
});

describe('x12 811 assembler: amounts and signs', () => {
  it('scales N2 (ITA07, TDS01) and keeps R (TXI02, SLN06, AMT02, BAL03) as written', async () => {
    const inv = await one([
      ...HEAD,
      'HL*1**2*0',
      'ITA*C***06***5',
      'ITA*C***06***-5',
      'SLN*1**I*3*EA*.5',
      'SLN*2**I*1*EA*5.',
      'SLN*3**I*2*EA*12345678901234567.89',
      'TDS*123456',
      'BAL*M*PB*0045.10',
    ]);
    expect(inv.charges.map((c) => c.amount)).toEqual(['0.05', '-0.05', '1.5', '5', '24691357802469135.78']);
    expect(inv.stated.totalDue).toBe('1234.56');
    expect(inv.stated.previousBalance).toBe('45.10');
  });

  it('rejects numbers with an exponent or stray characters, naming the element and segment', async () => {
    const out = await parseText(envelopeOf([...HEAD, 'HL*1**2*0', 'TXI*ST*1E3']));
    expect(out.error).toMatchObject({ code: 'bad_number', segment: 7 });
    expect(out.error?.message).toContain('TXI02 "1E3"');
    const comma = await parseText(envelopeOf([...HEAD, 'HL*1**2*0', 'SLN*1**I*1*EA*1,5']));
    expect(comma.error?.message).toContain('SLN06 "1,5"');
  });

  it('makes allowances, AMT03=C and credit memos negative', async () => {
    const inv = await one([
      ...HEAD,
      'HL*1**2*0',
      'ITA*A***04***250******PROMO',
      'ITA*A***04***-250******REVERSED PROMO',
      'IT1*1*1*EA*10.00',
      'AMT*1*10.00*C',
    ]);
    expect(amounts(inv)).toEqual([
      ['credit_adjustment', '-2.50', false],
      ['credit_adjustment', '2.50', false],
      ['credit_adjustment', '-10.00', false],
    ]);
    const memo = await one([
      'BIG*20250301*CM-1*****CR',
      'REF*12*BAN-1',
      'HL*1**2*0',
      'SLN*1**I*1*EA*-5.00',
      'SLN*2**I*1*EA*7.00',
      'TDS*200',
    ]);
    expect(memo.isCredit).toBe(true);
    expect(memo.charges.map((c) => c.amount)).toEqual(['5.00', '-7.00']);
    expect(memo.stated.totalDue).toBe('-2.00');
    expect(codes(memo)).toEqual(['credit_memo_negative_amount']);
  });

  it('prefers the AMT of a line loop over quantity × price, and warns when they differ', async () => {
    const inv = await one([...HEAD, 'HL*1**2*0', 'IT1*1*3*EA*1.10', 'AMT*1*3.00']);
    expect(inv.charges[0]?.amount).toBe('3.00');
    expect(inv.issues[0]?.message).toContain('AMT 3.00 differs from quantity × unit price 3.30');
  });

  it('caps repeated issues', async () => {
    const body = [...HEAD, 'HL*1**2*0', ...Array.from({ length: 60 }, () => 'ITA*C***06')];
    const inv = await one(body);
    expect(inv.issues).toHaveLength(51);
    expect(inv.issues.at(-1)?.message).toBe('10 more "no_amount" issues not listed');
  });
});

describe('x12 811 assembler: loops', () => {
  it('a TXI repeating its ITA amount describes the ITA; a different amount is a separate tax', async () => {
    const inv = await one([
      ...HEAD,
      'HL*1**2*0',
      'ITA*C***06***96******CITY SALES TAX',
      'TXI*CA*0.96*2*CI*DALLAS',
      'ITA*C**FUSF*06***350******FEDERAL UNIVERSAL SERVICE FEE',
      'TXI*ST*2.10',
      'ITA*C***06',
      'TXI*LS*0.40',
    ]);
    expect(amounts(inv)).toEqual([
      ['tax', '0.96', false],
      ['surcharge_fee', '3.50', false],
      ['tax', '2.10', false],
      ['tax', '0.40', false],
    ]);
    expect(inv.charges[0]?.attributes).toMatchObject({ taxType: 'CA', jurisdictionCode: 'DALLAS' });
  });

  it('compares amounts as numbers, not text (0.960 repeats 0.96; 50 restates 50.00; 39.950 duplicates 39.95)', async () => {
    const inv = await one([
      ...HEAD,
      'HL*1**2*0',
      'ITA*C***06***96******CITY TAX',
      'TXI*CA*0.960',
      'TDS*5000',
      'BAL*M*SC*50',
      'BAL*M*SC*50.00',
    ]);
    expect(amounts(inv)).toEqual([['tax', '0.96', false]]);
    expect(inv.issues).toEqual([]);
    const granite = await one(
      [...HEAD, 'HL*1**2*0', 'SLN*1**I*1*EA*39.95', 'IT1*1*1*EA*39.95', 'AMT*1*39.950'],
      {
        profile: 'granite',
      },
    );
    expect(amounts(granite)).toEqual([
      ['recurring', '39.95', false],
      ['recurring', '39.950', true],
    ]);
  });

  it('in an IT1 loop, DTM after an ITA dates the ITA; in an SLN loop it dates the SLN', async () => {
    const inv = await one([
      ...HEAD,
      'HL*1**2*0',
      'IT1*1*1*EA*20.00',
      'DTM*150*20250301',
      'DTM*151*20250331',
      'ITA*C***06***100******ACTIVATION',
      'DTM*150*20250315',
      'SLN*1**I*1*EA*5.00',
      'ITA*A***04***50******DISCOUNT',
      'DTM*150*20250401',
    ]);
    expect(inv.charges.map((c) => [c.kind, c.amount, c.periodStart, c.periodEnd])).toEqual([
      ['recurring', '20.00', '2025-03-01', '2025-03-31'],
      ['one_time', '1.00', '2025-03-15', '2025-03-31'],
      ['recurring', '5.00', '2025-04-01', null],
      ['credit_adjustment', '-0.50', '2025-04-01', null],
    ]);
  });

  it('keeps information-only items visible but flagged: ITA04=15, SLN03=O, USD01=O, ITA01=N, included SLN', async () => {
    const inv = await one([
      ...HEAD,
      'HL*1**2*0',
      'ITA*C***15***100',
      'SLN*1**O*1*EA*2.00',
      'USD*O**0.10**MJ*10',
      'ITA*N***06***300',
      'IT1*7*1*EA*9.00',
      'SLN*1*7*I*1*EA*4.00',
      'SLN*2*7*A*1*EA*1.00',
    ]);
    expect(inv.charges.map((c) => [c.amount, c.infoOnly])).toEqual([
      ['1.00', true],
      ['2.00', true],
      ['1.00', true],
      ['3.00', true],
      ['9.00', false],
      ['4.00', true],
      ['1.00', false],
    ]);
    expect(inv.charges[5]?.attributes?.includedIn).toBe('segment 11');
  });

  it('treats itemized call detail per profile: info (default), payable or skipped', async () => {
    const body = [
      ...HEAD,
      'HL*1**2*1',
      'SI*TI*TN*2145550101',
      'HL*2*1*9*0',
      'TCD*1*20250214*0930*TN*2125550199*NY*TN*2145550101*TX*12**0.60',
    ];
    expect(amounts(await one(body))).toEqual([['usage', '0.60', true]]);
    expect(amounts(await one(body, { profile: { callDetail: 'payable' } }))).toEqual([
      ['usage', '0.60', false],
    ]);
    expect(amounts(await one(body, { profile: { callDetail: 'skip' } }))).toEqual([]);
  });
});

describe('x12 811 assembler: invoice header', () => {
  it('reads identity, vendor, currency, dates and balances', async () => {
    const inv = await one([
      'BIG*20250301*INV-9',
      'CUR*SE*CAD',
      'REF*12*BAN-9',
      'ITD*01*3*****30',
      'DTM*186*20250201',
      'DTM*187*20250228',
      'N1*RE*REMIT LOCKBOX*92*RE1',
      'N1*SE*TELCO CANADA*92*TC',
      'HL*1**1*1',
      'TDS*0',
      'BAL*M*PB*10.00',
      'BAL*M*TP*10.00',
      'BAL*M*NA*-1.00',
      'BAL*M*SC*0.00',
    ]);
    expect(inv).toMatchObject({
      vendorName: 'TELCO CANADA',
      vendorCode: 'TC',
      accountNumber: 'BAN-9',
      invoiceNumber: 'INV-9',
      invoiceDate: '2025-03-01',
      dueDate: '2025-03-31', // BIG01 + ITD07 30 days
      periodStart: '2025-02-01',
      periodEnd: '2025-02-28',
      currency: 'CAD',
      stated: {
        totalDue: '0.00',
        currentCharges: '0.00',
        previousBalance: '10.00',
        paymentsReceived: '10.00',
        adjustments: '-1.00',
      },
    });
  });

  it('falls back to the provider NM1 and the ISA sender for the vendor', async () => {
    const inv = await one([...HEAD, 'HL*1**1*1', 'NM1*SJ*2*TELCO WEST']);
    expect([inv.vendorName, inv.vendorCode]).toEqual(['TELCO WEST', 'SENDER']);
  });

  it('chooses the account by REF qualifier rank: BAN over master, sub-account from the HL', async () => {
    const master = await one(['BIG*20250301*I', 'REF*14*MASTER', 'HL*1**2*0', 'REF*12*BAN']);
    expect([master.accountNumber, master.subAccountNumber]).toEqual(['BAN', null]);
    const sub = await one(['BIG*20250301*I', 'REF*12*BAN', 'HL*1**2*0', 'REF*11*SUB']);
    expect([sub.accountNumber, sub.subAccountNumber]).toEqual(['BAN', 'SUB']);
    const party = await one(['BIG*20250301*I', 'N1*BT*ACME', 'REF*11*FROM-N1', 'HL*1**1*0']);
    expect(party.accountNumber).toBe('FROM-N1');
    const none = await one(['BIG*20250301*I', 'HL*1**1*0']);
    expect(none.accountNumber).toBe('');
    expect(none.issues.map((i) => [i.severity, i.code])).toEqual([['error', 'missing_account']]);
  });

  it('warns about an unmapped or conflicting balance and an impossible date', async () => {
    const inv = await one([
      'BIG*20250230*I',
      'REF*12*B',
      'HL*1**2*0',
      'TDS*100',
      'BAL*M*ZZ*1',
      'BAL*M*PB*1',
      'BAL*M*PB*2',
    ]);
    expect(codes(inv)).toEqual(['bad_date', 'unmapped_balance', 'conflicting_balance']);
    expect(inv.invoiceDate).toBeNull();
  });
});

describe('x12 811 assembler: carrier profiles are data', () => {
  it('classifies by codes, descriptions, sections and units, with overrides taking effect', async () => {
    const body = [
      ...HEAD,
      'HL*1**2*1',
      'HL*2*1*4*1',
      'SI*TI*BS*OCC',
      'HL*3*2*8*0',
      'SLN*1**I*1*EA*30.00***ZZ*INSTX', // section OCC → one_time
      'SLN*2**I*1*EA*5.00***ZZ*LPX',
      'PID*F****LATE PAYMENT CHARGE', // description rule → late_fee
      'IT1*1*2.5*GB*4.00', // usage unit → usage
      'SLN*3**I*1*EA*-3.00', // negative → credit
      'AMT*LF*7.50', // inside the SLN loop: an attribute, not a charge
      'HL*4*1*4*0',
      'AMT*LF*7.50', // HL-level AMT: a subtotal unless the profile maps it
      'TXI*ZZ*1.00',
    ];
    expect(amounts(await one(body)).map((a) => a[0])).toEqual([
      'one_time',
      'late_fee',
      'usage',
      'credit_adjustment',
      'tax',
    ]);
    const custom = await one(body, {
      profile: {
        amtChargeKinds: { LF: 'late_fee' },
        txiTypeKinds: { ZZ: 'surcharge_fee' },
        productKinds: { INSTX: 'recurring' },
      },
    });
    expect(amounts(custom).map((a) => a[0])).toEqual([
      'recurring',
      'late_fee',
      'usage',
      'credit_adjustment',
      'late_fee',
      'surcharge_fee',
    ]);
  });

  it('resolves profiles by name and rejects unknown names', () => {
    expect(resolveProfile('granite').slnIt1Duplicates).toBe(true);
    expect(resolveProfile().name).toBe('generic');
    expect(() => resolveProfile('nope')).toThrow(/unknown X12 carrier profile/);
  });
});
