package main

import "fmt"

func main() {
	fmt.Println("tab", 0x1f, nil) // ok
}
