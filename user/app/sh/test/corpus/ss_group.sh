# { ...; } runs in the current shell
x=1
{ x=2; echo "in group $x"; }
echo "after group $x"
{ echo a; echo b; } | sort -r
{ false; }; echo "status $?"
{ echo one
  echo two
}
