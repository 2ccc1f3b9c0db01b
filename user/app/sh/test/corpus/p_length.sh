# ${#x}
s=hello; e=; unset u
echo ${#s} ${#e} ${#u}
long="a b  c"
echo ${#long}
set -- one two three
echo ${#} ${#1}
