import { describe, expect, it } from 'vitest';
import { PosternError } from '../../model/index.js';
import { quoteShellWord, splitShellWords } from './shell-words.js';

describe('splitShellWords', () => {
  it.each([
    ['plain words and runs of blanks', 'a  b\tc', ['a', 'b', 'c']],
    ['single quotes keep everything', `'a "b" \\n $x'`, ['a "b" \\n $x']],
    ['double quotes take \\" \\\\ \\$ and keep other backslashes', String.raw`"a \"b\" \\ \$x \n"`, ['a "b" \\ $x \\n']],
    ['quotes join with what touches them', `x'y'"z"w`, ['xyzw']],
    ['backslash outside quotes quotes one character', String.raw`a\ b \'c`, ['a b', "'c"]],
    ['backslash-newline continues the line', 'curl \\\n  -H x \\\r\n  y', ['curl', '-H', 'x', 'y']],
    ['a newline also separates words', 'a\nb', ['a', 'b']],
    ['empty quotes are an empty word', `a '' ""`, ['a', '', '']],
    ['$\'…\' decodes C escapes', String.raw`$'a\nb\tc\\d\'e\x41\101\u00e9\U0001F600'`, ['a\nb\tc\\d\'eAAé😀']],
    ['$\'…\' decodes \\x bytes as UTF-8', String.raw`$'\xc3\xa9\xe2\x82\xac'`, ['é€']],
    ['# starts a comment only at a word start', 'a#b # c d', ['a#b']],
    ['variables are left as typed', '"$HOME" $PATH', ['$HOME', '$PATH']],
  ])('%s', (_name, text, words) => {
    expect(splitShellWords(text).words).toEqual(words);
  });

  it('stops at an unquoted control operator and returns the rest', () => {
    expect(splitShellWords("curl 'a|b' | jq .")).toEqual({ words: ['curl', 'a|b'], rest: '| jq .' });
    expect(splitShellWords('curl x; echo done')).toEqual({ words: ['curl', 'x'], rest: '; echo done' });
    expect(splitShellWords('curl "x&y"').rest).toBeUndefined();
  });

  it('names where an unterminated quote opened', () => {
    const failure = (text: string): string => {
      try {
        splitShellWords(text);
      } catch (error) {
        if (error instanceof PosternError) return error.message;
      }
      return 'no error';
    };
    expect(failure(`curl \\\n  -d 'abc`)).toBe('unterminated single quote opened at line 2, column 6');
    expect(failure('a "b')).toBe('unterminated double quote opened at line 1, column 3');
    expect(failure("$'x")).toBe("unterminated $'…' string opened at line 1, column 1");
  });
});

describe('quoteShellWord', () => {
  it('leaves safe words bare and single-quotes the rest', () => {
    expect(quoteShellWord('https://e.example/a-b_c.d')).toBe('https://e.example/a-b_c.d');
    expect(quoteShellWord('')).toBe("''");
    expect(quoteShellWord('a b')).toBe("'a b'");
    expect(quoteShellWord("it's")).toBe("'it'\\''s'");
    expect(quoteShellWord('$HOME')).toBe("'$HOME'");
    expect(quoteShellWord('a*')).toBe("'a*'");
  });

  it('round-trips through the splitter', () => {
    for (const word of ["it's", 'a\nb', '"x"', '\\', '$(rm -rf /)', '`id`', '!', 'é', '']) {
      expect(splitShellWords(`x ${quoteShellWord(word)}`).words).toEqual(['x', word]);
    }
  });
});
