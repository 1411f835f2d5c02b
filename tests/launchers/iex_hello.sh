# iex FILE, the lab's first form, with the commands piped.
cp "$LAB/hello.ex" .
iex hello.ex
