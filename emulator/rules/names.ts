/**
 * Server-generated definition names when the client omits `name` (docs/datarobot-api.md §4.1): three lower-case words
 * joined by underscores, in the style of the fixture `supportive_paramatta_frogmouth` (adjective_place_animal).
 */
import { randomInt } from "node:crypto";

const ADJECTIVES = [
  "supportive",
  "brave",
  "calm",
  "eager",
  "gentle",
  "jolly",
  "keen",
  "lively",
  "merry",
  "nimble",
  "polite",
  "quiet",
  "steady",
  "sunny",
  "tidy",
  "witty",
  "zesty",
  "bold",
  "clever",
  "daring",
];
const PLACES = [
  "paramatta",
  "ballarat",
  "bendigo",
  "geelong",
  "hobart",
  "darwin",
  "cairns",
  "mildura",
  "dubbo",
  "orange",
  "wagga",
  "tamworth",
  "bathurst",
  "albury",
  "mackay",
  "broome",
  "launceston",
  "toowoomba",
  "bunbury",
  "echuca",
];
const ANIMALS = [
  "frogmouth",
  "wombat",
  "quokka",
  "numbat",
  "bilby",
  "dingo",
  "echidna",
  "platypus",
  "kookaburra",
  "wallaby",
  "cassowary",
  "galah",
  "lorikeet",
  "possum",
  "bandicoot",
  "potoroo",
  "quoll",
  "emu",
  "magpie",
  "cockatoo",
];

function pick(words: string[]): string {
  return words[randomInt(words.length)];
}

/** A random three-word name not in `taken` (falls back to a numeric suffix if the space is crowded). */
export function generateName(taken: (name: string) => boolean): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = `${pick(ADJECTIVES)}_${pick(PLACES)}_${pick(ANIMALS)}`;
    if (!taken(name)) return name;
  }
  let suffix = 2;
  const base = `${pick(ADJECTIVES)}_${pick(PLACES)}_${pick(ANIMALS)}`;
  while (taken(`${base}_${suffix}`)) suffix++;
  return `${base}_${suffix}`;
}
