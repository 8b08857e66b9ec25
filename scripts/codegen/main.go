// Command pulumi-sdkgen-datarobot-batch generates a language SDK from this project's Pulumi package schema.
//
//	pulumi-sdkgen-datarobot-batch -schema plugin/schema.json -language python -out sdk-python [-readme-header TEXT]
//
// It binds the schema with schema.BindSpec (full validation against Pulumi's metaschema) and calls pkg/v3's code
// generator in-process. The schema is self-contained, so the loader refuses every external package: a reference to
// another package is a schema error here rather than a silent plugin download.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// Tool is the name the generated files' "do not edit" banners credit.
const tool = "the datarobot-batch SDK generator (npm run sdk:python)"

// refusingLoader answers every package lookup with an error naming the package, so a schema that references another
// package fails to bind instead of reaching out for a plugin.
type refusingLoader struct{}

func refuse(name string) error {
	return fmt.Errorf("the schema references the external package %q; this generator only binds self-contained "+
		"schemas (define the type in this package instead)", name)
}

func (refusingLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, refuse(pkg)
}

func (refusingLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refuse(d.Name)
}

func (refusingLoader) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, refuse(pkg)
}

func (refusingLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, refuse(d.Name)
}

func main() {
	schemaPath := flag.String("schema", "plugin/schema.json", "the package schema (JSON)")
	language := flag.String("language", "python", "the SDK language (python)")
	out := flag.String("out", "", "the output directory (emptied first)")
	readmeHeader := flag.String("readme-header", "", "text put above the generated README.md")
	flag.Parse()
	if err := run(*schemaPath, *language, *out, *readmeHeader); err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, language, out, readmeHeader string) error {
	if out == "" {
		return errors.New("-out is required")
	}
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s is not a package schema: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, refusingLoader{}, schema.ValidationOptions{})
	if err != nil {
		return fmt.Errorf("binding %s: %w", schemaPath, err)
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s is not a valid package schema:\n%s", schemaPath, diags.Error())
	}

	var files map[string][]byte
	switch language {
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, refusingLoader{})
	default:
		return fmt.Errorf("unsupported language %q (supported: python)", language)
	}
	if err != nil {
		return fmt.Errorf("generating the %s SDK: %w", language, err)
	}
	if readmeHeader != "" {
		// The Python generator writes the package's README (from the schema) inside the module folder, while
		// pyproject.toml names a README.md at the root as the distribution's description: give the root one the
		// header saying where the folder comes from, followed by the package's README.
		var body []byte
		for name, content := range files {
			if strings.Count(name, "/") == 1 && strings.HasSuffix(name, "/README.md") {
				body = content
			}
		}
		files["README.md"] = append([]byte(strings.TrimRight(readmeHeader, "\n")+"\n\n"), body...)
	}

	if err := os.RemoveAll(out); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "wrote %d files to %s\n", len(names), out)
	return nil
}
