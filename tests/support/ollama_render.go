// Renders an Ollama TEMPLATE with Go's text/template the way Ollama's chat endpoint does, for the
// test suite: it reads {"template": ..., "system": ..., "messages": [...]} as JSON on stdin and
// writes the prompt text to stdout.
//
// What it reproduces from Ollama (server/routes.go ChatHandler and template/template.go):
//   - the Modelfile's SYSTEM becomes the first message when the conversation does not start
//     with a system message;
//   - consecutive messages of one role are joined with a blank line ("collate"), and .System is
//     every system message joined the same way;
//   - the template sees .System, .Messages (each with .Role and .Content), .Tools and .Response,
//     executes with missingkey=zero, and has the "json" helper.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
)

type Message struct {
	Role      string `json:"role"`
	Content   string `json:"content"`
	ToolCalls []any  `json:"tool_calls,omitempty"`
}

type Input struct {
	Template string    `json:"template"`
	System   string    `json:"system"`
	Messages []Message `json:"messages"`
}

func main() {
	var in Input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "bad input:", err)
		os.Exit(2)
	}
	msgs := in.Messages
	if in.System != "" && (len(msgs) == 0 || msgs[0].Role != "system") {
		msgs = append([]Message{{Role: "system", Content: in.System}}, msgs...)
	}
	var system []string
	var collated []*Message
	for i := range msgs {
		msg := msgs[i]
		if msg.Role == "system" {
			system = append(system, msg.Content)
		}
		if len(collated) > 0 && collated[len(collated)-1].Role == msg.Role {
			collated[len(collated)-1].Content += "\n\n" + msg.Content
		} else {
			collated = append(collated, &msg)
		}
	}
	funcs := template.FuncMap{"json": func(v any) string { b, _ := json.Marshal(v); return string(b) }}
	tmpl, err := template.New("").Option("missingkey=zero").Funcs(funcs).Parse(in.Template)
	if err != nil {
		fmt.Fprintln(os.Stderr, "template does not parse:", err)
		os.Exit(3)
	}
	data := map[string]any{"System": strings.Join(system, "\n\n"), "Messages": collated, "Tools": nil, "Response": ""}
	if err := tmpl.Execute(os.Stdout, data); err != nil {
		fmt.Fprintln(os.Stderr, "template does not execute:", err)
		os.Exit(4)
	}
}
