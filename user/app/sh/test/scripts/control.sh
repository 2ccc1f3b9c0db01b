# if / while / until / for / case
for n in 1 2 3 4 5 6; do
    if [ $n -eq 1 ]; then echo one
    elif [ $n -eq 2 ]; then echo two
    elif [ $n -lt 5 ]; then echo "small $n"
    else echo "big $n"
    fi
done
i=0
while [ $i -lt 3 ]; do echo "while $i"; i=$((i + 1)); done
until [ $i -eq 0 ]; do echo "until $i"; i=$((i - 1)); done
for w in a b c; do
    case $w in
    a) echo "is a" ;;
    b|c) echo "b or c: $w" ;;
    esac
done
case "hello world" in
    hello*) echo prefix ;;
    *) echo other ;;
esac
case x in (x) echo parenthesised ;; esac
case 5 in [0-9]) echo digit;; esac
case foo in bar) echo no;; esac
echo "case no match status $?"
for i in 1 2 3 4 5; do
    [ $i -eq 2 ] && continue
    [ $i -eq 4 ] && break
    echo "loop $i"
done
for i in 1 2; do for j in a b c; do
    [ $j = b ] && continue 2
    echo "$i$j"
done; done
for i in 1 2; do while true; do break 2; done; echo never; done
echo "after break 2"
for x
do echo "never: $x"
done
if false; then :; fi
echo "if status $?"
while false; do :; done
echo "while status $?"
for i in; do echo none; done
echo end
