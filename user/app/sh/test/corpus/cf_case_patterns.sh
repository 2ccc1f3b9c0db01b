# case patterns: quoting, variables, brackets
v='a*'
case 'a*' in "$v") echo "quoted var matches literally" ;; esac
case abc in $v) echo "unquoted var is a pattern" ;; esac
case '[x]' in '[x]') echo "literal brackets" ;; esac
case x in [xyz]) echo "bracket" ;; esac
case '-' in [a-]) echo "dash in bracket" ;; esac
case 'a.b' in *.*) echo dot ;; esac
case "" in '') echo "empty pattern" ;; esac
x=hello
case $x in h?llo) echo "question mark";; esac
