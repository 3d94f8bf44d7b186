/**
 * Word lists for the demo tenant. Stored as whitespace/pipe separated text blocks
 * rather than one-string-per-line arrays so the file stays short and scannable.
 */

function words(block: string): string[] {
  return block.split(/\s+/).filter((w) => w.length > 0);
}

/** Each line: "City Name|ST|ABC" (ABC = the short code used in location codes). */
function cities(block: string): { city: string; region: string; code: string }[] {
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [city = '', region = '', code = ''] = line.split('|');
      return { city, region, code };
    });
}

export const COMPANY_NAME = 'Northwind Manufacturing';
export const EMAIL_DOMAIN = 'northwind.example';

export const FIRST_NAMES = words(`
  James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
  Richard Susan Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy
  Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily
  Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah
  Timothy Stephanie Ronald Rebecca Jason Sharon Edward Laura Jeffrey Cynthia Ryan Amy
  Jacob Kathleen Gary Angela Nicholas Shirley Eric Brenda Jonathan Emma Stephen Anna
  Larry Pamela Justin Nicole Scott Samantha Brandon Katherine Benjamin Christine Samuel Helen
  Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria Jack Olivia
  Dennis Heather Jerry Diane Tyler Julie Aaron Joyce Jose Victoria Adam Ruth
  Nathan Virginia Henry Lauren Zachary Kelly Douglas Christina Peter Priya Kyle Mei
`);

export const LAST_NAMES = words(`
  Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
  Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White
  Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott
  Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell
  Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes
  Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey
  Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood
  James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers
  Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler
  Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham
  Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran
  Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods
  O'Brien Kowalski Schmidt Novak Larsen Brennan
`);

export const STREET_NAMES = words(`
  Main Oak Maple Cedar Pine Elm Washington Lake Hill Park Industrial Commerce
  Enterprise Franklin Jefferson Madison Lincoln Jackson Riverside Ridge Center Market
  Harbor Union Grand Prairie Meridian Technology Corporate Logistics Foundry Mill
`);

export const STREET_SUFFIXES = words('St Ave Blvd Rd Dr Pkwy Way Ct Ln');

/** US cities; only some host a location, the rest give the list realistic breadth for reuse. */
export const US_CITIES = cities(`
  Chicago|IL|CHI
  Elk Grove Village|IL|EGV
  Milwaukee|WI|MKE
  Toledo|OH|TOL
  Fort Wayne|IN|FWA
  Grand Rapids|MI|GRR
  Greenville|SC|GSP
  Wichita|KS|ICT
  Memphis|TN|MEM
  Columbus|OH|CMH
  Dallas|TX|DFW
  Reno|NV|RNO
  Atlanta|GA|ATL
  Allentown|PA|ABE
  New York|NY|NYC
  Boston|MA|BOS
  Houston|TX|HOU
  Denver|CO|DEN
  Phoenix|AZ|PHX
  Seattle|WA|SEA
  San Francisco|CA|SFO
  Los Angeles|CA|LAX
  Minneapolis|MN|MSP
  Charlotte|NC|CLT
  Nashville|TN|BNA
  Ann Arbor|MI|ARB
  Austin|TX|AUS
  Detroit|MI|DTW
  Cleveland|OH|CLE
  Pittsburgh|PA|PIT
  Indianapolis|IN|IND
  St. Louis|MO|STL
  Kansas City|MO|MCI
  Omaha|NE|OMA
  Louisville|KY|SDF
  Cincinnati|OH|CVG
  Philadelphia|PA|PHL
  Baltimore|MD|BWI
  Washington|DC|WAS
  Richmond|VA|RIC
  Raleigh|NC|RDU
  Orlando|FL|MCO
  Tampa|FL|TPA
  Miami|FL|MIA
  Birmingham|AL|BHM
  New Orleans|LA|MSY
  San Antonio|TX|SAT
  Oklahoma City|OK|OKC
  Salt Lake City|UT|SLC
  Las Vegas|NV|LAS
  San Diego|CA|SAN
  Sacramento|CA|SMF
  Portland|OR|PDX
  Boise|ID|BOI
  Albuquerque|NM|ABQ
  Des Moines|IA|DSM
  Madison|WI|MSN
  Hartford|CT|BDL
  Buffalo|NY|BUF
  Knoxville|TN|TYS
`);

export const CA_CITIES = cities(`
  Toronto|ON|TOR
  Hamilton|ON|HAM
`);

/**
 * Org structure behind the cost-center tree. `weight` is the relative headcount of
 * each department, so e.g. the plants dominate and Legal stays small.
 */
export const DIVISIONS: { name: string; departments: { name: string; weight: number }[] }[] = [
  {
    name: 'Operations',
    departments: [
      { name: 'Facilities', weight: 3 },
      { name: 'Quality Assurance', weight: 4 },
      { name: 'Environmental Health & Safety', weight: 2 },
    ],
  },
  {
    name: 'Manufacturing',
    departments: [
      { name: 'Plant Operations', weight: 30 },
      { name: 'Maintenance', weight: 8 },
      { name: 'Production Planning', weight: 4 },
      { name: 'Process Engineering', weight: 5 },
    ],
  },
  {
    name: 'Sales',
    departments: [
      { name: 'Field Sales', weight: 9 },
      { name: 'Inside Sales', weight: 5 },
      { name: 'Sales Operations', weight: 2 },
      { name: 'Customer Service', weight: 5 },
    ],
  },
  {
    name: 'Finance',
    departments: [
      { name: 'Accounting', weight: 3 },
      { name: 'FP&A', weight: 2 },
      { name: 'Accounts Payable', weight: 2 },
      { name: 'Treasury & Tax', weight: 1 },
    ],
  },
  {
    name: 'Information Technology',
    departments: [
      { name: 'Infrastructure & Network', weight: 3 },
      { name: 'Business Applications', weight: 3 },
      { name: 'Service Desk', weight: 2 },
      { name: 'Information Security', weight: 1 },
    ],
  },
  {
    name: 'Human Resources',
    departments: [
      { name: 'Talent Acquisition', weight: 1.5 },
      { name: 'HR Operations & Payroll', weight: 1.5 },
    ],
  },
  {
    name: 'Research & Development',
    departments: [
      { name: 'Product Engineering', weight: 6 },
      { name: 'Materials Lab', weight: 2 },
      { name: 'Test & Validation', weight: 2 },
    ],
  },
  {
    name: 'Legal',
    departments: [
      { name: 'Corporate Legal', weight: 0.7 },
      { name: 'Compliance', weight: 0.7 },
    ],
  },
  {
    name: 'Marketing',
    departments: [
      { name: 'Brand & Communications', weight: 1.5 },
      { name: 'Product Marketing', weight: 1.5 },
    ],
  },
  {
    name: 'Supply Chain',
    departments: [
      { name: 'Procurement', weight: 3 },
      { name: 'Distribution & Warehousing', weight: 10 },
      { name: 'Logistics', weight: 3 },
    ],
  },
];
