# > and >> and >|
echo one > f
echo two > f
cat f
echo three >> f
echo four >>f
cat f
echo five >| f
cat f
> empty
wc -c < empty
