import { describe, expect, it } from 'vitest';
import { needsServerData } from './server-data.ts';

describe('needsServerData', () => {
  it('finds ID lists and traits at any depth', () => {
    expect(needsServerData({ 'user.idHash': { $inGroup: 'vips' } })).toBe(true);
    expect(needsServerData({ $or: [{ 'geo.country': 'DE' }, { 'traits.tier': 'gold' }] })).toBe(true);
    expect(needsServerData({ $not: { 'profile.id': { $notInGroup: 'x' } } })).toBe(true);
    expect(needsServerData({ user: { $exists: true } })).toBe(true);
    expect(needsServerData({ 'profile.events': { $elemMatch: { $and: [{ traits: 1 }] } } })).toBe(true);
  });

  it('leaves profile and request-context audiences to the browser too', () => {
    expect(needsServerData({ 'profile.interests.shoes': { $gte: 2 } })).toBe(false);
    expect(needsServerData({ $and: [{ 'utm.source': 'newsletter' }, { 'page.query.user': 'x' }] })).toBe(false);
    expect(needsServerData({ 'profile.segments': { $in: ['traits', 'user'] } })).toBe(false);
    expect(needsServerData(undefined)).toBe(false);
  });
});
