# test and [
t() { if "$@"; then echo "true: $*"; else echo "false($?): $*"; fi; }
t test abc = abc
t test abc != abc
t [ -n "" ]
t [ -z "" ]
t [ x ]
t [ "" ]
t [ ]
t [ 5 -eq 5 ]
t [ 5 -ne 5 ]
t [ 3 -lt 10 ]
t [ 10 -le 3 ]
t [ 4 -gt 2 ]
t [ 4 -ge 5 ]
t [ ! 1 -eq 2 ]
t [ 1 -eq 1 -a 2 -eq 3 ]
t [ 1 -eq 1 -o 2 -eq 3 ]
t [ \( 1 -eq 2 \) -o 3 -eq 3 ]
touch file
mkdir d
t [ -f file ]
t [ -d file ]
t [ -d d ]
t [ -e missing ]
t [ -s file ]
echo x > nonempty
t [ -s nonempty ]
t [ -r file ]
t [ abc \< abd ]
t [ = ]
t [ -n ]
t [ ! ]
t [ a = b = c ] 2>/dev/null
t [ 1 -eq x ] 2>/dev/null
