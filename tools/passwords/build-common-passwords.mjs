// Builds the common-password list the app ships (Events.Server/Accounts/common-passwords.txt.gz).
// Sources, all offline:
//  * @zxcvbn-ts/language-common "passwords": ~49,000 of the most frequent passwords in public breach corpora;
//  * @zxcvbn-ts/language-en: frequent English words (subtitles and Wikipedia), first names and the most common surnames;
//  * patterns generated here: keyboard walks on QWERTY/AZERTY/QWERTZ rows, digit runs, years, and words of the site.
// Entries are lowercase, one a line. The app adds the derivations itself (digits or symbols around a word,
// leetspeak, reversal, two words joined, repetition), so the list holds base forms only.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import common from '@zxcvbn-ts/language-common';
import english from '@zxcvbn-ts/language-en';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Events.Server', 'Accounts', 'common-passwords.txt.gz');
const entries = new Set();
const add = (word) => {
  const w = String(word).normalize('NFKC').toLowerCase().trim();
  // Shorter than 4 characters, a base form matches too much inside real passphrases.
  if (w.length >= 4 && w.length <= 64 && !/\s/.test(w)) entries.add(w);
};

const c = common.dictionary;
const e = english.dictionary;
c['passwords-common'].forEach(add);
const letters = (w) => /^[a-z]+$/.test(w);
e['commonWords-en'].filter(letters).slice(0, 40000).forEach(add);
e['wikipedia-en'].filter(letters).forEach(add);
e['firstnames-en'].forEach(add);
e['lastnames-en'].slice(0, 10000).forEach(add);

// Keyboard walks: every run of 4+ keys along a row (and the rows joined), both directions.
const rows = [
  '1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', // QWERTY
  'azertyuiop', 'qsdfghjklm', 'wxcvbn',               // AZERTY
  'qwertzuiop', 'yxcvbnm',                            // QWERTZ
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',               // columns
  'qazwsxedcrfvtgbyhnujmikolp', 'zaqxswcdevfrbgtnhymjukilop',
  'qwertyuiopasdfghjklzxcvbnm', 'abcdefghijklmnopqrstuvwxyz',
];
for (const row of rows)
  for (const s of [row, [...row].reverse().join('')])
    for (let i = 0; i < s.length; i++)
      for (let j = i + 4; j <= s.length; j++) add(s.slice(i, j));

// Digit runs (ascending, descending, wrapping), repeated digits, years and dates people use.
for (let start = 0; start <= 9; start++)
  for (let len = 4; len <= 14; len++) {
    let up = '', down = '';
    for (let k = 0; k < len; k++) { up += (start + k) % 10; down += (start - k + 100) % 10; }
    add(up); add(down); add(String(start).repeat(len));
  }
for (let year = 1900; year <= 2050; year++) add(String(year));
for (let m = 1; m <= 12; m++)
  for (let d = 1; d <= 31; d++)
    for (const y of [1960, 1970, 1980, 1990, 2000, 2010, 2020]) {
      const dd = String(d).padStart(2, '0'), mm = String(m).padStart(2, '0');
      for (let k = 0; k < 10; k++) { add(`${dd}${mm}${y + k}`); add(`${mm}${dd}${y + k}`); }
    }

// The site's own words: the first words an attacker tries against this service.
['events', 'event', 'sideevent', 'sideevents', 'convening', 'convenings', 'unitednations', 'humanrights',
 'humanrightscouncil', 'statusofwomen', 'csw', 'hrc', 'geneva', 'newyork', 'welcome', 'letmein', 'changeme',
 'password', 'passw0rd', 'admin', 'administrator', 'secret', 'default'].forEach(add);

const sorted = [...entries].sort();
writeFileSync(out, gzipSync(sorted.join('\n') + '\n', { level: 9 }));
console.log(`${sorted.length} entries written to ${out}`);
