import { buildOpenApi, fullPath } from './openapi.js';

describe('fullPath', () => {
  it('normalises short catalogue paths to /api/v1 and keeps full ones', () => {
    expect(fullPath('/file/set')).toBe('/api/v1/file/set');
    expect(fullPath('file/set/')).toBe('/api/v1/file/set');
    expect(fullPath('/api/v1/workflow/list')).toBe('/api/v1/workflow/list');
  });
});

describe('buildOpenApi', () => {
  it('merges a short and a full registration of one path, first one winning', () => {
    const document = buildOpenApi(
      [
        { path: '/x/get', methods: ['POST'], keys: ['id'], required: ['id'], session: true, summary: 'first', module: 'm' },
        { path: '/api/v1/x/get', methods: ['POST', 'GET'], keys: [], required: [], session: false, summary: 'second', module: 'm' },
      ],
      { publicUrl: 'http://h/', version: '1', scopes: [] },
    ) as { paths: Record<string, Record<string, { summary: string; security: object[] }>> };
    const item = document.paths['/api/v1/x/get'];
    expect(item?.post?.summary).toBe('first');
    expect(item?.get?.summary).toBe('second');
    expect(item?.get?.security).toContainEqual({});
    expect(item?.post?.security).not.toContainEqual({});
  });
});
