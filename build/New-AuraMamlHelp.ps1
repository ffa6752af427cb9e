<#
.SYNOPSIS
Builds the module's MAML help (en-US/Neo4jAura.dll-Help.xml) from the markdown pages in docs/en-US.

.DESCRIPTION
Reads every docs/en-US/<Cmdlet>.md page (platyPS's markdown format, schema 2.0.0) and writes one MAML
file that Get-Help reads for the binary cmdlets. The markdown is the one source of truth: the XML is
generated and committed, and CI runs this script with -Check to make sure the two agree.

The output is deterministic: pages in ordinal order of their file names, parameters in page order,
two-space indentation, LF newlines, UTF-8 without a byte order mark, and no paths or dates.

Each page is validated before anything is written. Problems are collected for all pages and reported
together, each naming its file: a missing or empty section, a parameter without its yaml block or
description, an unknown yaml key, fewer than two examples, an example without exactly one code block,
or a syntax block that disagrees with the parameter sets of the yaml blocks.

Works on PowerShell 7 and Windows PowerShell 5.1.

.PARAMETER Path
The folder with the markdown pages. Default: docs/en-US next to this script's parent folder.

.PARAMETER OutputPath
The MAML file to write (or, with -Check, to compare). Default: en-US/Neo4jAura.dll-Help.xml.

.PARAMETER Check
Writes nothing; fails (throws, so pwsh -File exits with 1) when the file at -OutputPath differs from
what would be generated, and names the first line that differs.

.EXAMPLE
dotnet pwsh -NoProfile -File build/New-AuraMamlHelp.ps1

Regenerates en-US/Neo4jAura.dll-Help.xml after a help page changed.

.EXAMPLE
dotnet pwsh -NoProfile -File build/New-AuraMamlHelp.ps1 -Check

What CI runs: fails when the committed XML is out of date.
#>
[CmdletBinding()]
param(
    [string] $Path = (Join-Path $PSScriptRoot '../docs/en-US'),
    [string] $OutputPath = (Join-Path $PSScriptRoot '../en-US/Neo4jAura.dll-Help.xml'),
    [switch] $Check
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$script:MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:MsHelpNs = 'http://msdn.microsoft.com/mshelp'

$script:YamlKeys = @(
    'Type', 'Parameter Sets', 'Aliases', 'Accepted values', 'Required', 'Position',
    'Default value', 'Accept pipeline input', 'Accept wildcard characters'
)
$script:RequiredYamlKeys = @(
    'Type', 'Parameter Sets', 'Aliases', 'Required', 'Position',
    'Default value', 'Accept pipeline input', 'Accept wildcard characters'
)
$script:RequiredSections = @(
    'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
)

# ---------------------------------------------------------------------------------------------
# Markdown reading
# ---------------------------------------------------------------------------------------------

function Split-MarkdownBlock {
    # Splits lines into blocks: @{ Kind = 'text'|'code'; Lines = string[]; Info = fence info string }.
    # Text blocks are separated by blank lines; a fenced code block is one block, fences removed.
    param([string[]] $Lines, [System.Collections.Generic.List[string]] $Problems, [string] $Where)

    $blocks = [System.Collections.Generic.List[object]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $inCode = $false
    $info = ''
    foreach ($line in $Lines) {
        if ($inCode) {
            if ($line -match '^\s*```\s*$') {
                $blocks.Add(@{ Kind = 'code'; Lines = $current.ToArray(); Info = $info })
                $current.Clear()
                $inCode = $false
            }
            else {
                $current.Add($line)
            }
            continue
        }
        if ($line -match '^\s*```\s*(\S*)\s*$') {
            if ($current.Count -gt 0) {
                $blocks.Add(@{ Kind = 'text'; Lines = $current.ToArray(); Info = '' })
                $current.Clear()
            }
            $inCode = $true
            $info = $Matches[1]
            continue
        }
        if ($line.Trim().Length -eq 0) {
            if ($current.Count -gt 0) {
                $blocks.Add(@{ Kind = 'text'; Lines = $current.ToArray(); Info = '' })
                $current.Clear()
            }
            continue
        }
        $current.Add($line)
    }
    if ($inCode) {
        $Problems.Add("${Where}: a code block is not closed with ``````.")
    }
    elseif ($current.Count -gt 0) {
        $blocks.Add(@{ Kind = 'text'; Lines = $current.ToArray(); Info = '' })
    }
    return , $blocks.ToArray()
}

function ConvertTo-Paragraph {
    # Markdown text blocks to MAML paragraphs: a paragraph's lines are joined with spaces; a list keeps
    # one item a line ("- item"); a code block keeps its lines as they are.
    param([object[]] $Blocks)

    $paras = [System.Collections.Generic.List[string]]::new()
    foreach ($block in $Blocks) {
        if ($block.Kind -eq 'code') {
            $paras.Add(($block.Lines -join "`n"))
            continue
        }
        if ($block.Lines[0] -match '^\s*([-*+]|\d+\.)\s+') {
            $items = [System.Collections.Generic.List[string]]::new()
            foreach ($line in $block.Lines) {
                if ($line -match '^\s*([-*+]|\d+\.)\s+(.*)$') {
                    $marker = if ($Matches[1] -match '^\d') { $Matches[1] } else { '-' }
                    $items.Add("$marker $($Matches[2].Trim())")
                }
                else {
                    $items[$items.Count - 1] = $items[$items.Count - 1] + ' ' + $line.Trim()
                }
            }
            $paras.Add(($items -join "`n"))
            continue
        }
        $paras.Add((Join-Trimmed $block.Lines ' '))
    }
    return , $paras.ToArray()
}

function Join-Trimmed {
    param([string[]] $Lines, [string] $Separator)
    $trimmed = [string[]]::new($Lines.Length)
    for ($i = 0; $i -lt $Lines.Length; $i++) { $trimmed[$i] = $Lines[$i].Trim() }
    return [string]::Join($Separator, $trimmed)
}

function Get-Section {
    # Splits lines into headed sections of the given level ('## ' or '### '), ignoring headings in code.
    # Returns an array of @{ Title; Lines } in page order; text before the first heading is @{ Title = $null }.
    param([string[]] $Lines, [string] $Prefix)

    $sections = [System.Collections.Generic.List[object]]::new()
    $current = @{ Title = $null; Lines = ([System.Collections.Generic.List[string]]::new()) }
    $inCode = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inCode = -not $inCode }
        if (-not $inCode -and $line.StartsWith($Prefix) -and -not $line.StartsWith($Prefix + '#')) {
            $sections.Add($current)
            $current = @{ Title = $line.Substring($Prefix.Length).Trim(); Lines = ([System.Collections.Generic.List[string]]::new()) }
            continue
        }
        $current.Lines.Add($line)
    }
    $sections.Add($current)
    return , $sections.ToArray()
}

function Test-HasText {
    param([string[]] $Lines)
    foreach ($line in $Lines) { if ($line.Trim().Length -gt 0) { return $true } }
    return $false
}

function Read-YamlBlock {
    param([string[]] $Lines, [System.Collections.Generic.List[string]] $Problems, [string] $Where)

    $yaml = [ordered]@{}
    foreach ($line in $Lines) {
        if ($line.Trim().Length -eq 0) { continue }
        if ($line -notmatch '^([A-Za-z][A-Za-z ]*):\s*(.*)$') {
            $Problems.Add("${Where}: cannot read the yaml line '$line'.")
            continue
        }
        $key = $Matches[1].Trim()
        $value = $Matches[2].Trim()
        if ($script:YamlKeys -cnotcontains $key) {
            $Problems.Add("${Where}: unknown yaml key '$key' (expected one of: $($script:YamlKeys -join ', ')).")
            continue
        }
        if ($yaml.Contains($key)) {
            $Problems.Add("${Where}: yaml key '$key' appears twice.")
            continue
        }
        $yaml[$key] = $value
    }
    foreach ($key in $script:RequiredYamlKeys) {
        # Aliases may be empty (platyPS writes 'Aliases:' for none); the others need a value.
        if (-not $yaml.Contains($key) -or ($key -ne 'Aliases' -and $yaml[$key].Length -eq 0)) {
            $Problems.Add("${Where}: the yaml block has no '$key'.")
        }
    }
    if ($yaml.Contains('Required') -and $yaml['Required'] -notmatch '^(True|False)$') {
        $Problems.Add("${Where}: Required must be True or False, not '$($yaml['Required'])'.")
    }
    if ($yaml.Contains('Accept wildcard characters') -and $yaml['Accept wildcard characters'] -notmatch '^(True|False)$') {
        $Problems.Add("${Where}: Accept wildcard characters must be True or False, not '$($yaml['Accept wildcard characters'])'.")
    }
    if ($yaml.Contains('Position') -and $yaml['Position'] -notmatch '^(Named|\d+)$') {
        $Problems.Add("${Where}: Position must be Named or a number, not '$($yaml['Position'])'.")
    }
    if ($yaml.Contains('Accept pipeline input') -and
        $yaml['Accept pipeline input'] -notmatch '^(False|True \((ByValue|ByPropertyName|ByValue, ByPropertyName)\))$') {
        $Problems.Add("${Where}: Accept pipeline input must be False, True (ByValue), True (ByPropertyName) or True (ByValue, ByPropertyName), not '$($yaml['Accept pipeline input'])'.")
    }
    return $yaml
}

function Split-List {
    param([string] $Text)
    if ($null -eq $Text) { return , @() }
    $items = [System.Collections.Generic.List[string]]::new()
    foreach ($item in $Text.Split(',')) { if ($item.Trim().Length -gt 0) { $items.Add($item.Trim()) } }
    return , $items.ToArray()
}

function Read-HelpPage {
    # Parses and validates one page. Returns a command model, or $null when it has problems (added to $Problems).
    param([System.IO.FileInfo] $File, [System.Collections.Generic.List[string]] $Problems)

    $where = $File.Name
    $before = $Problems.Count
    $text = [System.IO.File]::ReadAllText($File.FullName, [System.Text.Encoding]::UTF8)
    $text = $text.TrimStart([char]0xFEFF).Replace("`r`n", "`n").Replace("`r", "`n")
    $lines = $text.Split("`n")

    # Front matter
    $front = @{}
    $index = 0
    if ($lines.Length -gt 0 -and $lines[0].Trim() -eq '---') {
        $index = 1
        while ($index -lt $lines.Length -and $lines[$index].Trim() -ne '---') {
            if ($lines[$index] -match '^([^:]+):\s*(.*)$') { $front[$Matches[1].Trim()] = $Matches[2].Trim() }
            $index++
        }
        if ($index -ge $lines.Length) {
            $Problems.Add("${where}: the YAML front matter is not closed with '---'.")
            return $null
        }
        $index++
    }
    else {
        $Problems.Add("${where}: the page does not start with YAML front matter ('---').")
        return $null
    }
    foreach ($key in 'external help file', 'Module Name', 'online version', 'schema') {
        if (-not $front.ContainsKey($key) -or $front[$key].Length -eq 0) {
            $Problems.Add("${where}: the front matter has no '$key'.")
        }
    }
    if ($front.ContainsKey('external help file') -and $front['external help file'] -notmatch '^[\w.]+\.dll-Help\.xml$') {
        $Problems.Add("${where}: 'external help file' '$($front['external help file'])' is not the help file of a binary module (<Assembly>.dll-Help.xml).")
    }
    if ($front.ContainsKey('schema') -and $front['schema'] -ne '2.0.0') {
        $Problems.Add("${where}: schema '$($front['schema'])' is not supported (2.0.0 is).")
    }
    $body = if ($index -lt $lines.Length) { $lines[$index..($lines.Length - 1)] } else { @() }

    # Title
    $top = Get-Section -Lines $body -Prefix '# '
    $titled = @($top.Where({ $null -ne $_.Title }))
    if ($titled.Count -ne 1) {
        $Problems.Add("${where}: expected exactly one '# <Cmdlet>' title, found $($titled.Count).")
        return $null
    }
    $name = $titled[0].Title
    $expected = [System.IO.Path]::GetFileNameWithoutExtension($File.Name)
    if ($name -ne $expected) {
        $Problems.Add("${where}: the title '# $name' does not match the file name '$expected'.")
    }
    if ($name -notmatch '^[A-Za-z]+-[A-Za-z0-9]+$') {
        $Problems.Add("${where}: '$name' is not a Verb-Noun cmdlet name.")
        return $null
    }
    if ($front.ContainsKey('online version') -and $front['online version'].Length -gt 0) {
        $uri = $null
        if (-not [System.Uri]::TryCreate($front['online version'], [System.UriKind]::Absolute, [ref] $uri) -or
            $uri.Scheme -ne 'https' -or -not $front['online version'].EndsWith("/$name.md")) {
            $Problems.Add("${where}: 'online version' must be an https URL ending in /$name.md, not '$($front['online version'])'.")
        }
    }

    # Sections
    $sections = [ordered]@{}
    foreach ($section in (Get-Section -Lines $titled[0].Lines -Prefix '## ')) {
        if ($null -eq $section.Title) {
            if (Test-HasText $section.Lines) { $Problems.Add("${where}: text between the title and ## SYNOPSIS.") }
            continue
        }
        if ($script:RequiredSections -cnotcontains $section.Title) {
            $Problems.Add("${where}: unknown section '## $($section.Title)'.")
            continue
        }
        if ($sections.Contains($section.Title)) {
            $Problems.Add("${where}: section '## $($section.Title)' appears twice.")
            continue
        }
        $sections[$section.Title] = $section.Lines.ToArray()
    }
    foreach ($title in $script:RequiredSections) {
        if (-not $sections.Contains($title)) { $Problems.Add("${where}: missing section '## $title'.") }
    }
    $order = @(foreach ($key in $sections.Keys) { [Array]::IndexOf($script:RequiredSections, $key) })
    for ($i = 1; $i -lt $order.Count; $i++) {
        if ($order[$i] -lt $order[$i - 1]) {
            $Problems.Add("${where}: sections are out of order (expected: $($script:RequiredSections -join ', ')).")
            break
        }
    }
    if ($Problems.Count -gt $before) { return $null }

    $command = [ordered]@{
        Name        = $name
        HelpFile    = $front['external help file']
        OnlineUri   = $front['online version']
        Synopsis    = @()
        Description = @()
        Syntax      = @()
        Parameters  = @()
        Inputs      = @()
        Outputs     = @()
        Notes       = @()
        Examples    = @()
        Links       = @()
    }

    $command.Synopsis = ConvertTo-Paragraph (Split-MarkdownBlock $sections['SYNOPSIS'] $Problems "$where SYNOPSIS")
    if ($command.Synopsis.Count -eq 0) { $Problems.Add("${where}: SYNOPSIS is empty.") }
    $command.Description = ConvertTo-Paragraph (Split-MarkdownBlock $sections['DESCRIPTION'] $Problems "$where DESCRIPTION")
    if ($command.Description.Count -eq 0) { $Problems.Add("${where}: DESCRIPTION is empty.") }
    $command.Notes = ConvertTo-Paragraph (Split-MarkdownBlock $sections['NOTES'] $Problems "$where NOTES")

    # Syntax: one ### block per parameter set, each with one code block holding the syntax line.
    $syntax = [System.Collections.Generic.List[object]]::new()
    foreach ($set in (Get-Section -Lines $sections['SYNTAX'] -Prefix '### ')) {
        if ($null -eq $set.Title) {
            if (Test-HasText $set.Lines) { $Problems.Add("${where}: text in SYNTAX outside a ### parameter set block.") }
            continue
        }
        $setName = ($set.Title -replace '\s*\(Default\)\s*$', '').Trim()
        $setBlocks = Split-MarkdownBlock $set.Lines.ToArray() $Problems "$where SYNTAX $setName"
        $code = @($setBlocks.Where({ $_.Kind -eq 'code' }))
        if ($code.Count -ne 1) {
            $Problems.Add("${where}: SYNTAX '### $($set.Title)' needs exactly one code block with the syntax line.")
            continue
        }
        $line = Join-Trimmed $code[0].Lines ' '
        if (-not $line.StartsWith("$name ") -and $line -ne $name) {
            $Problems.Add("${where}: the syntax line of '$setName' does not start with '$name'.")
            continue
        }
        $names = @(foreach ($match in [regex]::Matches($line.Substring($name.Length), '(?<![\w<])-([A-Za-z][A-Za-z0-9]*)')) { $match.Groups[1].Value })
        $syntax.Add([ordered]@{ Name = $setName; Parameters = $names; Line = $line })
    }
    if ($syntax.Count -eq 0) { $Problems.Add("${where}: SYNTAX has no ### parameter set block.") }
    $setNames = @(foreach ($set in $syntax) { $set.Name })

    # Parameters: ### -Name, description, then one yaml block per group of parameter sets.
    $parameters = [System.Collections.Generic.List[object]]::new()
    $parameterIndex = @{}
    $sawCommon = $false
    foreach ($block in (Get-Section -Lines $sections['PARAMETERS'] -Prefix '### ')) {
        if ($null -eq $block.Title) {
            if (Test-HasText $block.Lines) { $Problems.Add("${where}: text in PARAMETERS outside a ### block.") }
            continue
        }
        if ($block.Title -eq 'CommonParameters') { $sawCommon = $true; continue }
        if ($block.Title -notmatch '^-([A-Za-z][A-Za-z0-9]*)$') {
            $Problems.Add("${where}: parameter heading '### $($block.Title)' should be '### -Name'.")
            continue
        }
        $parameterName = $Matches[1]
        $pwhere = "$where parameter -$parameterName"
        $parts = Split-MarkdownBlock $block.Lines.ToArray() $Problems $pwhere
        $yamlBlocks = @($parts.Where({ $_.Kind -eq 'code' -and $_.Info -eq 'yaml' }))
        $otherCode = @($parts.Where({ $_.Kind -eq 'code' -and $_.Info -ne 'yaml' }))
        $description = ConvertTo-Paragraph @($parts.Where({ $_.Kind -eq 'text' }))
        if ($yamlBlocks.Count -eq 0) {
            $Problems.Add("${pwhere}: the parameter block has no ``````yaml block.")
            continue
        }
        if ($otherCode.Count -gt 0) { $Problems.Add("${pwhere}: only ``````yaml code blocks belong in a parameter block.") }
        if ($description.Count -eq 0) { $Problems.Add("${pwhere}: the parameter has no description.") }
        if ($parameterIndex.ContainsKey($parameterName)) {
            $Problems.Add("${pwhere}: the parameter is documented twice.")
            continue
        }
        $variants = [System.Collections.Generic.List[object]]::new()
        $covered = [System.Collections.Generic.List[string]]::new()
        foreach ($yamlBlock in $yamlBlocks) {
            $yaml = Read-YamlBlock $yamlBlock.Lines $Problems $pwhere
            $sets = Split-List $yaml['Parameter Sets']
            if ($sets.Count -eq 1 -and $sets[0] -eq '(All)') { $sets = $setNames }
            foreach ($s in $sets) {
                if ($setNames -cnotcontains $s) { $Problems.Add("${pwhere}: parameter set '$s' has no block in SYNTAX.") }
                if ($covered -ccontains $s) { $Problems.Add("${pwhere}: parameter set '$s' is in two yaml blocks.") }
                $covered.Add($s)
            }
            $variants.Add([ordered]@{
                    Sets           = $sets
                    Type           = $yaml['Type']
                    Aliases        = Split-List $yaml['Aliases']
                    AcceptedValues = Split-List $yaml['Accepted values']
                    Required       = ($yaml['Required'] -eq 'True')
                    Position       = $yaml['Position']
                    Default        = $yaml['Default value']
                    PipelineInput  = $yaml['Accept pipeline input']
                    Globbing       = ($yaml['Accept wildcard characters'] -eq 'True')
                })
        }
        $parameter = [ordered]@{ Name = $parameterName; Description = $description; Variants = $variants.ToArray() }
        $parameters.Add($parameter)
        $parameterIndex[$parameterName] = $parameter
    }
    if (-not $sawCommon) { $Problems.Add("${where}: PARAMETERS has no '### CommonParameters' block.") }

    # The syntax lines and the yaml parameter sets must agree.
    foreach ($set in $syntax) {
        $documented = @(foreach ($p in $parameters) {
                foreach ($variant in $p.Variants) { if ($variant.Sets -ccontains $set.Name) { $p.Name; break } }
            })
        $missing = @(foreach ($n in $set.Parameters) { if ($documented -cnotcontains $n) { $n } })
        $extra = @(foreach ($n in $documented) { if ($set.Parameters -cnotcontains $n) { $n } })
        if ($missing.Count -gt 0) {
            $Problems.Add("${where}: the syntax of '$($set.Name)' names -$($missing -join ', -') but no yaml block puts it in that set.")
        }
        if ($extra.Count -gt 0) {
            $Problems.Add("${where}: the yaml blocks put -$($extra -join ', -') in set '$($set.Name)' but its syntax line lacks it.")
        }
        $seen = @{}
        $duplicates = @(foreach ($n in $set.Parameters) { if ($seen.ContainsKey($n)) { $n } else { $seen[$n] = $true } })
        if ($duplicates.Count -gt 0) {
            $Problems.Add("${where}: the syntax of '$($set.Name)' names -$($duplicates -join ', -') twice.")
        }
    }
    foreach ($parameter in $parameters) {
        $inSyntax = @($syntax.Where({ $_.Parameters -ccontains $parameter.Name }))
        if ($inSyntax.Count -eq 0) { $Problems.Add("${where}: -$($parameter.Name) is documented but in no syntax line.") }
    }

    # Inputs and outputs: ### TypeName then a description.
    foreach ($kind in 'INPUTS', 'OUTPUTS') {
        $types = [System.Collections.Generic.List[object]]::new()
        foreach ($block in (Get-Section -Lines $sections[$kind] -Prefix '### ')) {
            if ($null -eq $block.Title) {
                if (Test-HasText $block.Lines) { $Problems.Add("${where}: text in $kind outside a ### TypeName block.") }
                continue
            }
            $types.Add([ordered]@{
                    Type        = $block.Title
                    Description = ConvertTo-Paragraph (Split-MarkdownBlock $block.Lines.ToArray() $Problems "$where $kind")
                })
        }
        if ($types.Count -eq 0) { $Problems.Add("${where}: $kind has no ### TypeName block (use '### None').") }
        if ($kind -eq 'INPUTS') { $command.Inputs = $types.ToArray() } else { $command.Outputs = $types.ToArray() }
    }

    # Examples: ### Example N: Title, exactly one code block, the rest is the remarks.
    $examples = [System.Collections.Generic.List[object]]::new()
    foreach ($block in (Get-Section -Lines $sections['EXAMPLES'] -Prefix '### ')) {
        if ($null -eq $block.Title) {
            if (Test-HasText $block.Lines) { $Problems.Add("${where}: text in EXAMPLES outside a ### Example block.") }
            continue
        }
        if ($block.Title -notmatch '^Example (\d+)(: .+)?$') {
            $Problems.Add("${where}: example heading '### $($block.Title)' should be '### Example N: Title'.")
            continue
        }
        if ([int] $Matches[1] -ne $examples.Count + 1) {
            $Problems.Add("${where}: '### $($block.Title)' should be Example $($examples.Count + 1).")
        }
        $parts = Split-MarkdownBlock $block.Lines.ToArray() $Problems "$where $($block.Title)"
        $code = @($parts.Where({ $_.Kind -eq 'code' }))
        if ($code.Count -ne 1) {
            $Problems.Add("${where}: '$($block.Title)' needs exactly one code block, found $($code.Count).")
            continue
        }
        if (-not (Test-HasText $code[0].Lines)) { $Problems.Add("${where}: '$($block.Title)' has an empty code block.") }
        $remarks = ConvertTo-Paragraph @($parts.Where({ $_.Kind -eq 'text' }))
        if ($remarks.Count -eq 0) { $Problems.Add("${where}: '$($block.Title)' has no explanation.") }
        $examples.Add([ordered]@{
                Title   = "-------------------------- $($block.Title) --------------------------"
                Code    = ($code[0].Lines -join "`n")
                Remarks = $remarks
            })
    }
    if ($examples.Count -lt 2) { $Problems.Add("${where}: EXAMPLES has $($examples.Count) example(s); at least two are needed.") }

    # Related links: markdown links, one a line. The online version goes first, so Get-Help -Online works.
    $links = [System.Collections.Generic.List[object]]::new()
    $links.Add([ordered]@{ Text = 'Online Version:'; Uri = $command.OnlineUri })
    foreach ($line in $sections['RELATED LINKS']) {
        if ($line.Trim().Length -eq 0) { continue }
        if ($line -notmatch '^\s*(?:[-*]\s+)?\[([^\]]+)\]\(([^)]*)\)\s*$') {
            $Problems.Add("${where}: RELATED LINKS line '$line' is not a markdown link.")
            continue
        }
        $linkText = $Matches[1]
        $target = $Matches[2].Trim()
        # Links to sibling pages (Get-AuraInstance.md) serve GitHub readers; Get-Help shows the name only.
        $uriText = if ($target -match '^https?://') { $target } else { '' }
        $links.Add([ordered]@{ Text = $linkText; Uri = $uriText })
    }

    $command.Syntax = $syntax.ToArray()
    $command.Parameters = $parameters.ToArray()
    $command.Examples = $examples.ToArray()
    $command.Links = $links.ToArray()
    if ($Problems.Count -gt $before) { return $null }
    return $command
}

# ---------------------------------------------------------------------------------------------
# MAML writing
# ---------------------------------------------------------------------------------------------

function Write-Para {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    foreach ($para in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $script:MamlNs, $para) }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $script:MamlNs)
    Write-Para $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, $Variant, [bool] $InSyntax)

    $isSwitch = $Variant.Type -eq 'SwitchParameter'
    $Writer.WriteStartElement('command', 'parameter', $script:CommandNs)
    $Writer.WriteAttributeString('required', $Variant.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Variant.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Variant.PipelineInput)
    $Writer.WriteAttributeString('position', $Variant.Position.ToLowerInvariant())
    $aliases = if ($Variant.Aliases.Count -eq 0 -or ($Variant.Aliases.Count -eq 1 -and $Variant.Aliases[0] -eq 'None')) { 'none' } else { $Variant.Aliases -join ', ' }
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Parameter.Name)
    Write-Description $Writer $Parameter.Description
    if ($Variant.AcceptedValues.Count -gt 0) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $script:CommandNs)
        foreach ($value in $Variant.AcceptedValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNs)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $script:CommandNs, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    # As platyPS does: a switch shows no value in the syntax.
    if (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNs)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Variant.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $script:DevNs)
    $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Variant.Type)
    $Writer.WriteStartElement('maml', 'uri', $script:MamlNs)
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $script:DevNs, $Variant.Default)
    $Writer.WriteEndElement()
}

function Write-Command {
    param([System.Xml.XmlWriter] $Writer, $Command)

    $Writer.WriteStartElement('command', 'command', $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNs)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:DevNs)
    $Writer.WriteAttributeString('xmlns', 'MSHelp', $null, $script:MsHelpNs)

    $verb, $noun = $Command.Name -split '-', 2
    $Writer.WriteStartElement('command', 'details', $script:CommandNs)
    $Writer.WriteElementString('command', 'name', $script:CommandNs, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $script:CommandNs, $verb)
    $Writer.WriteElementString('command', 'noun', $script:CommandNs, $noun)
    Write-Description $Writer $Command.Synopsis
    $Writer.WriteEndElement()

    Write-Description $Writer $Command.Description

    $Writer.WriteStartElement('command', 'syntax', $script:CommandNs)
    foreach ($set in $Command.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:CommandNs)
        $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Command.Name)
        foreach ($parameterName in $set.Parameters) {
            $parameter = $null
            foreach ($p in $Command.Parameters) { if ($p.Name -ceq $parameterName) { $parameter = $p; break } }
            $variant = $null
            foreach ($v in $parameter.Variants) { if ($v.Sets -ccontains $set.Name) { $variant = $v; break } }
            Write-Parameter $Writer $parameter $variant $true
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:CommandNs)
    foreach ($parameter in $Command.Parameters) {
        Write-Parameter $Writer $parameter $parameter.Variants[0] $false
    }
    $Writer.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', $Command.Inputs), @('returnValues', 'returnValue', $Command.Outputs))) {
        $Writer.WriteStartElement('command', $kind[0], $script:CommandNs)
        foreach ($type in $kind[2]) {
            $Writer.WriteStartElement('command', $kind[1], $script:CommandNs)
            $Writer.WriteStartElement('dev', 'type', $script:DevNs)
            $Writer.WriteElementString('maml', 'name', $script:MamlNs, $type.Type)
            $Writer.WriteEndElement()
            Write-Description $Writer $type.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('maml', 'alertSet', $script:MamlNs)
    $Writer.WriteStartElement('maml', 'alert', $script:MamlNs)
    Write-Para $Writer $Command.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $script:CommandNs)
    foreach ($example in $Command.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:CommandNs)
        $Writer.WriteElementString('maml', 'title', $script:MamlNs, $example.Title)
        $Writer.WriteElementString('dev', 'code', $script:DevNs, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:DevNs)
        # The trailing empty paragraph puts a blank line between examples in Get-Help's output.
        Write-Para $Writer ($example.Remarks + @(''))
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:CommandNs)
    foreach ($link in $Command.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:MamlNs)
        $Writer.WriteElementString('maml', 'linkText', $script:MamlNs, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $script:MamlNs, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function ConvertTo-MamlByte {
    param([object[]] $Commands)

    $settings = New-Object System.Xml.XmlWriterSettings
    $settings.Encoding = New-Object System.Text.UTF8Encoding($false)
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.NewLineChars = "`n"
    $settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace
    $settings.CloseOutput = $false

    $stream = New-Object System.IO.MemoryStream
    $writer = [System.Xml.XmlWriter]::Create($stream, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($command in $Commands) { Write-Command $writer $command }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
        $writer.Flush()
        $stream.WriteByte(10)
        return , $stream.ToArray()
    }
    finally {
        $writer.Dispose()
        $stream.Dispose()
    }
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

$docs = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Path)
$OutputPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)
if (-not (Test-Path -LiteralPath $docs -PathType Container)) {
    throw "New-AuraMamlHelp: the help folder '$docs' does not exist."
}
$files = @(Get-ChildItem -LiteralPath $docs -Filter '*.md' -File)
if ($files.Count -eq 0) { throw "New-AuraMamlHelp: no *.md help pages in '$docs'." }
$names = [string[]] @(foreach ($file in $files) { $file.Name })
[Array]::Sort($names, [System.StringComparer]::Ordinal)

$problems = [System.Collections.Generic.List[string]]::new()
$commands = [System.Collections.Generic.List[object]]::new()
$helpFiles = @{}
foreach ($fileName in $names) {
    $file = Get-Item -LiteralPath (Join-Path $docs $fileName)
    $command = Read-HelpPage -File $file -Problems $problems
    if ($null -ne $command) {
        $commands.Add($command)
        $helpFiles[$command.HelpFile] = $true
    }
}
if ($helpFiles.Count -gt 1) {
    $problems.Add("the pages name different 'external help file's ($(@($helpFiles.Keys | Sort-Object) -join ', ')); one MAML file holds them all.")
}
if ($problems.Count -gt 0) {
    throw ("New-AuraMamlHelp: $($problems.Count) problem(s) in '$docs':`n  " + ($problems -join "`n  "))
}

$bytes = ConvertTo-MamlByte -Commands $commands.ToArray()

if ($Check) {
    if (-not (Test-Path -LiteralPath $OutputPath -PathType Leaf)) {
        throw "New-AuraMamlHelp -Check: '$OutputPath' does not exist; run build/New-AuraMamlHelp.ps1 and commit it."
    }
    $existing = [System.IO.File]::ReadAllBytes($OutputPath)
    $same = $existing.Length -eq $bytes.Length
    if ($same) {
        for ($i = 0; $i -lt $bytes.Length; $i++) { if ($existing[$i] -ne $bytes[$i]) { $same = $false; break } }
    }
    if (-not $same) {
        $utf8 = New-Object System.Text.UTF8Encoding($false)
        $old = $utf8.GetString($existing).Split("`n")
        $new = $utf8.GetString($bytes).Split("`n")
        $line = 0
        while ($line -lt $old.Length -and $line -lt $new.Length -and $old[$line] -ceq $new[$line]) { $line++ }
        $was = if ($line -lt $old.Length) { $old[$line] } else { '<end of file>' }
        $now = if ($line -lt $new.Length) { $new[$line] } else { '<end of file>' }
        throw ("New-AuraMamlHelp -Check: '$OutputPath' is out of date with '$docs' (first difference at line $($line + 1)):`n" +
            "  committed: $was`n  generated: $now`nRun build/New-AuraMamlHelp.ps1 and commit the result.")
    }
    Write-Verbose "New-AuraMamlHelp -Check: '$OutputPath' is up to date ($($commands.Count) commands)."
    return
}

$folder = Split-Path -Parent $OutputPath
if ($folder -and -not (Test-Path -LiteralPath $folder)) { $null = New-Item -ItemType Directory -Path $folder }
[System.IO.File]::WriteAllBytes($OutputPath, $bytes)
Write-Verbose "New-AuraMamlHelp: wrote $($commands.Count) commands to '$OutputPath'."
