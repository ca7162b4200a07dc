// NOTIFY geo (services/00-overview §5): an insert of a current-period
// coordinate sends {id, object, code}; a closed, historic one sends nothing.
import type pg from 'pg';
import { openSubclassDatabase, rest, restOne, uniqueCode, type Json, type SubclassDb } from './subclass-support.js';

let db: SubclassDb;
let listener: pg.Client;
const heard: string[] = [];
let object: string;

beforeAll(async () => {
  db = await openSubclassDatabase('geo');
  listener = await db.connect();
  listener.on('notification', (message) => {
    if (message.channel === 'geo') heard.push(message.payload ?? '');
  });
  await listener.query('LISTEN geo');
  // Any object will do; a category of the example configuration is the cheapest to make.
  const category = await restOne(db, db.admin, '/category/set', { type: 'service', code: uniqueCode('geo.category'), name: 'Geo' });
  object = String(category.id);
});

afterAll(async () => {
  await db?.close();
});

async function heardFor(match: (payload: Json) => boolean, wait = 50): Promise<Json[]> {
  for (let attempt = 0; attempt < wait; attempt += 1) {
    const found = heard.map((text) => JSON.parse(text) as Json).filter(match);
    if (found.length > 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return [];
}

async function setCoordinates(coordinates: Json): Promise<Json[]> {
  const rows = await rest(db, db.admin, '/object/geolocation/set', { id: object, coordinates });
  if (rows.some((row) => 'error' in row)) throw new Error(JSON.stringify(rows));
  return rows;
}

async function coordinateIds(code: string): Promise<{ id: string; latitude: string; current: boolean }[]> {
  const { rows } = await db.kernel.query<{ id: string; latitude: string; current: boolean }>(
    `SELECT id, latitude::text, validtodate > now() + interval '1000 years' AS current
       FROM db.object_coordinates WHERE object = $1 AND code = $2 ORDER BY validfromdate`,
    [object, code],
  );
  return rows;
}

describe('NOTIFY geo', () => {
  it('sends exactly {id, object, code} for a current coordinate set through /object/geolocation/set', async () => {
    const code = uniqueCode('gps');
    await setCoordinates({ code, latitude: 55.75, longitude: 37.62 });
    const [row] = await coordinateIds(code);
    const payloads = await heardFor((payload) => payload.code === code);
    expect(payloads).toEqual([{ id: row?.id, object, code }]);
    expect(Object.keys(payloads[0] ?? {})).toEqual(['id', 'object', 'code']);
  });

  it('stays silent for a coordinate inserted into a closed period of the past', async () => {
    const code = uniqueCode('track');
    const hour = 3_600_000;
    await setCoordinates({ code, latitude: 1, longitude: 1, datefrom: new Date(Date.now() - 2 * hour).toISOString() });
    await setCoordinates({ code, latitude: 2, longitude: 2, datefrom: new Date(Date.now() - 10_000).toISOString() });
    // Falls inside the first (now closed) period, so it is history, not the current position.
    await setCoordinates({ code, latitude: 3, longitude: 3, datefrom: new Date(Date.now() - hour).toISOString() });
    const rows = await coordinateIds(code);
    expect(rows.map((row) => [row.latitude, row.current])).toEqual([['1', false], ['3', false], ['2', true]]);
    const historic = rows[1]?.id;
    // A marker notification sent afterwards proves the listener was live when a geo NOTIFY would have arrived.
    const marker = uniqueCode('marker');
    await setCoordinates({ code: marker, latitude: 0, longitude: 0 });
    expect(await heardFor((payload) => payload.code === marker)).toHaveLength(1);
    expect(heard.map((text) => JSON.parse(text) as Json).filter((payload) => payload.id === historic)).toEqual([]);
  });

  it('still notifies when a session in another time zone continues an open period written in UTC', async () => {
    const code = uniqueCode('zone');
    await setCoordinates({ code, latitude: 10, longitude: 10, datefrom: new Date(Date.now() - 60_000).toISOString() });
    await db.daemon.query(`SET TIME ZONE 'Asia/Tokyo'`);
    try {
      // Splits the UTC-written open period: the new row inherits its end bound.
      await setCoordinates({ code, latitude: 11, longitude: 11, datefrom: new Date(Date.now() - 30_000).toISOString() });
    } finally {
      await db.daemon.query('SET TIME ZONE DEFAULT');
    }
    const rows = await coordinateIds(code);
    const last = rows[rows.length - 1];
    expect(last?.current).toBe(true);
    expect(await heardFor((payload) => payload.id === last?.id)).toEqual([{ id: last?.id, object, code }]);
  });

  it('returns the coordinates set from another time zone over an open period written in UTC', async () => {
    const code = uniqueCode('tokyo');
    await setCoordinates({ code, latitude: 20, longitude: 20, datefrom: new Date(Date.now() - 60_000).toISOString() });
    await db.daemon.query(`SET TIME ZONE 'Asia/Tokyo'`);
    try {
      // The new row inherits the UTC-midnight open bound, which is not MAXDATE() read in Tokyo.
      const returned = await setCoordinates({ code, latitude: 21, longitude: 22, datefrom: new Date(Date.now() - 30_000).toISOString() });
      expect(returned).toHaveLength(1);
      expect(returned[0]).toMatchObject({ object, code, latitude: 21, longitude: 22 });
      const got = await rest(db, db.admin, '/object/geolocation/get', { id: object, code });
      expect(got).toEqual([expect.objectContaining({ object, code, latitude: 21, longitude: 22 })]);
    } finally {
      await db.daemon.query('SET TIME ZONE DEFAULT');
    }
  });

  it('returns coordinates first written from another time zone to a UTC session that continues them', async () => {
    const code = uniqueCode('eastwest');
    await db.daemon.query(`SET TIME ZONE 'Asia/Tokyo'`);
    try {
      await setCoordinates({ code, latitude: 30, longitude: 30, datefrom: new Date(Date.now() - 60_000).toISOString() });
    } finally {
      await db.daemon.query('SET TIME ZONE DEFAULT');
    }
    await db.daemon.query(`SET TIME ZONE 'UTC'`);
    try {
      const returned = await setCoordinates({ code, latitude: 31, longitude: 32, datefrom: new Date(Date.now() - 30_000).toISOString() });
      expect(returned).toEqual([expect.objectContaining({ object, code, latitude: 31, longitude: 32 })]);
    } finally {
      await db.daemon.query('SET TIME ZONE DEFAULT');
    }
  });

  it('refuses malformed coordinates with a 400 and sends nothing', async () => {
    const code = uniqueCode('bad');
    const [row] = await rest(db, db.admin, '/object/geolocation/set', { id: object, coordinates: { code, latitude: '1; DROP TABLE db.object', longitude: 2 } });
    expect((row as { error?: { code: number } }).error?.code).toBe(400);
    expect(await heardFor((payload) => payload.code === code, 10)).toEqual([]);
  });
});
