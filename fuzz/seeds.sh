#!/bin/sh
# Builds the fuzz corpora's seeds in DIR (default .build/fuzz/corpus), one folder per target,
# from the shipped files, the tests' fixtures and, when present, the conformance data beside
# the checkout. Seeds are copies: the repository keeps only the regression inputs (fuzz/regressions).
set -eu
out=${1:-.build/fuzz/corpus}
for t in yaml expression evaluation ruleset snapshot shipped; do mkdir -p "$out/$t"; done
n=0
seed() {  # target, file
    n=$((n + 1))
    cp "$2" "$1/seed-$n" 2>/dev/null || true
}
for f in Rules/*.yaml Rules/tests/*.yaml Playbooks/*.yaml docs/tutorial/*/*.yaml bench/Rules/*.yaml \
         Tests/*/Fixtures/*.yaml Tests/*/Fixtures/*/*.yaml Tests/*/Fixtures/*/*/*.yaml; do
    [ -f "$f" ] && seed "$out/yaml" "$f"
done
for f in Examples/*.json docs/tutorial/seller.json; do
    [ -f "$f" ] && seed "$out/snapshot" "$f" && seed "$out/shipped" "$f"
done
# Expressions: every `when:` of the shipped and benchmark rules, one per seed.
grep -h 'when: ' Rules/*.yaml bench/Rules/*.yaml 2>/dev/null | sed 's/^ *when: //' | while IFS= read -r e; do
    n=$((n + 1)); printf '%s' "$e" > "$out/expression/seed-$n"
    printf '{"x": 3, "d": 1.5, "s": "ab", "l": [1, 2]}\n%s' "$e" > "$out/evaluation/seed-$n"
done
# Rule sets: the tutorial's, as one input with `--- NAME` file markers.
for d in docs/tutorial/Rules; do
    f="$out/ruleset/seed-tutorial"
    : > "$f"
    for y in "$d"/*.yaml docs/tutorial/Playbooks/*.yaml; do
        case "$y" in *Playbooks*) name="Playbooks/$(basename "$y")" ;; *) name="Rules/$(basename "$y")" ;; esac
        printf -- '--- %s\n' "$name" >> "$f"
        cat "$y" >> "$f"
        printf '\n' >> "$f"
    done
done
# Conformance data beside the checkout, when present.
if [ -d ../shared/conformance ]; then
    find ../shared/conformance -name '*.yaml' -size -64k 2>/dev/null | head -300 | while IFS= read -r f; do
        n=$((n + 1)); cp "$f" "$out/yaml/conf-$n" 2>/dev/null || true
    done
fi
echo "seeds in $out: $(for t in yaml expression evaluation ruleset snapshot shipped; do printf '%s %s  ' "$t" "$(ls "$out/$t" | wc -l)"; done)"
