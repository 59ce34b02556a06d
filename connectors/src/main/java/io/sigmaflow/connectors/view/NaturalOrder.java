package io.sigmaflow.connectors.view;

import java.util.Comparator;

/** Names with numbers in the order people expect: {@code host-2} before {@code host-10}. */
enum NaturalOrder implements Comparator<String> {
    INSTANCE;

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int ei = i;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                // Leading zeros do not count (keep one digit): 007 = 7. No regex: sorting 200,000
                // pods by app compiled one per comparison and dominated a 10,000-node what-if's report.
                int si = significant(a, i, ei);
                int sj = significant(b, j, ej);
                int c = Integer.compare(ei - si, ej - sj);
                for (int k = 0; c == 0 && k < ei - si; k++) {
                    c = Character.compare(a.charAt(si + k), b.charAt(sj + k));
                }
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** The first digit of {@code s[from, to)} that is not a leading zero (the last one if all are). */
    private static int significant(String s, int from, int to) {
        int k = from;
        while (k < to - 1 && s.charAt(k) == '0') {
            k++;
        }
        return k;
    }
}
