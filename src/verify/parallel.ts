// Placeholder until the parallel search lands (helper replaces this file).
import { search, type SearchOptions, type SearchResult } from './search.js';
import type { World } from './world.js';

export function searchInParallel(_workers: number, _source: { files: { path: string; text: string }[] }): (w: World, o: SearchOptions) => SearchResult {
  return search;
}
