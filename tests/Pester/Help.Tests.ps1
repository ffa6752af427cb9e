# The module's help: the markdown -> MAML generator, what Get-Help shows for every cmdlet, the about topic,
# and every example of the help run against the local Aura API emulator.
#
# The built module comes from $env:NEO4JAURA_MODULE_PATH (default: out/Neo4jAura); the emulator from the
# harness (tests/Pester/Aura.TestHarness.psm1). The generator tests need neither.

BeforeDiscovery {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $manifest = Import-PowerShellDataFile (Join-Path $repoRoot 'Neo4jAura.psd1')
    $cmdletCases = @($manifest.CmdletsToExport | Sort-Object | ForEach-Object { @{ Name = $_ } })

    # One case per example of the committed MAML (which -Check keeps equal to docs/en-US).
    $mamlPath = Join-Path $repoRoot 'en-US/Neo4jAura.dll-Help.xml'
    $exampleCases = @()
    if (Test-Path $mamlPath) {
        $doc = New-Object System.Xml.XmlDocument
        $doc.Load($mamlPath)
        $ns = New-Object System.Xml.XmlNamespaceManager($doc.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        foreach ($command in $doc.SelectNodes('//command:command', $ns)) {
            $name = $command.SelectSingleNode('command:details/command:name', $ns).InnerText
            $number = 0
            foreach ($example in $command.SelectNodes('command:examples/command:example', $ns)) {
                $number++
                $code = $example.SelectSingleNode('dev:code', $ns).InnerText
                $exampleCases += @{
                    Command = $name
                    Number  = $number
                    Title   = ($example.SelectSingleNode('maml:title', $ns).InnerText -replace '^-+\s*|\s*-+$', '')
                    Code    = $code
                    Skip    = ($code -split "`n", 2)[0].Trim() -eq '# Azure Automation only'
                }
            }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    $script:repoRoot = Get-AuraTestRepoRoot
    $script:generator = Join-Path $repoRoot 'build/New-AuraMamlHelp.ps1'
    $script:docsPath = Join-Path $repoRoot 'docs/en-US'
    $script:mamlPath = Join-Path $repoRoot 'en-US/Neo4jAura.dll-Help.xml'
    $script:aboutPath = Join-Path $repoRoot 'en-US/about_Neo4jAura.help.txt'

    function Get-MamlNamespace {
        param([System.Xml.XmlDocument] $Document)
        $ns = New-Object System.Xml.XmlNamespaceManager($Document.NameTable)
        $ns.AddNamespace('msh', 'http://msh')
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        , $ns
    }

    function New-TempDocs {
        <# A copy of docs/en-US in a fresh temp folder, for the generator's negative tests. #>
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('aura-help-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $dir
        Copy-Item -Path (Join-Path $docsPath '*.md') -Destination $dir
        $dir
    }

    function Invoke-Generator {
        <# Runs the generator in this process; returns the error text, or $null when it succeeded. #>
        param([hashtable] $Arguments)
        try { & $generator @Arguments; $null } catch { $_.Exception.Message }
    }
}

Describe 'The help generator (build/New-AuraMamlHelp.ps1)' {
    It 'finds the committed MAML up to date with docs/en-US (-Check)' {
        { & $generator -Path $docsPath -OutputPath $mamlPath -Check } | Should -Not -Throw
    }

    It 'writes deterministic output: UTF-8 without BOM, LF newlines, identical on every run' {
        $a = Join-Path ([System.IO.Path]::GetTempPath()) ('maml-a-' + [guid]::NewGuid().ToString('N') + '.xml')
        $b = Join-Path ([System.IO.Path]::GetTempPath()) ('maml-b-' + [guid]::NewGuid().ToString('N') + '.xml')
        try {
            & $generator -Path $docsPath -OutputPath $a
            & $generator -Path $docsPath -OutputPath $b
            $bytesA = [System.IO.File]::ReadAllBytes($a)
            $bytesB = [System.IO.File]::ReadAllBytes($b)
            [Convert]::ToBase64String($bytesA) | Should -Be ([Convert]::ToBase64String($bytesB))
            $bytesA[0] | Should -Not -Be 0xEF
            $bytesA | Should -Not -Contain ([byte] 13)
            $bytesA[-1] | Should -Be ([byte] 10)
        }
        finally { Remove-Item $a, $b -ErrorAction SilentlyContinue }
    }

    It 'writes MAML with one command per page, in the shape Get-Help reads' {
        $doc = New-Object System.Xml.XmlDocument
        $doc.Load($mamlPath)
        $ns = Get-MamlNamespace $doc
        $doc.DocumentElement.LocalName | Should -Be 'helpItems'
        $doc.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        $pages = @(Get-ChildItem $docsPath -Filter *.md | ForEach-Object BaseName | Sort-Object)
        $commands = @($doc.SelectNodes('/msh:helpItems/command:command', $ns))
        @($commands | ForEach-Object { $_.SelectSingleNode('command:details/command:name', $ns).InnerText } | Sort-Object) | Should -Be $pages
        foreach ($command in $commands) {
            $name = $command.SelectSingleNode('command:details/command:name', $ns).InnerText
            $verb, $noun = $name -split '-', 2
            $command.SelectSingleNode('command:details/command:verb', $ns).InnerText | Should -Be $verb
            $command.SelectSingleNode('command:details/command:noun', $ns).InnerText | Should -Be $noun
            $command.SelectSingleNode('command:details/maml:description/maml:para', $ns).InnerText | Should -Not -BeNullOrEmpty -Because "$name has a synopsis"
            $command.SelectNodes('maml:description/maml:para', $ns).Count | Should -BeGreaterThan 0 -Because "$name has a description"
            $command.SelectNodes('command:syntax/command:syntaxItem', $ns).Count | Should -BeGreaterThan 0 -Because "$name has a syntax"
            $command.SelectNodes('command:examples/command:example/dev:code', $ns).Count | Should -BeGreaterOrEqual 2 -Because "$name has two examples"
            foreach ($parameter in $command.SelectNodes('command:parameters/command:parameter', $ns)) {
                $parameter.SelectSingleNode('maml:name', $ns).InnerText | Should -Not -BeNullOrEmpty
                $parameter.SelectSingleNode('dev:type/maml:name', $ns).InnerText | Should -Not -BeNullOrEmpty
                foreach ($attribute in 'required', 'globbing', 'pipelineInput', 'position', 'aliases') {
                    $parameter.GetAttribute($attribute) | Should -Not -BeNullOrEmpty -Because "$name -$($parameter.SelectSingleNode('maml:name', $ns).InnerText) has $attribute"
                }
            }
            $first = $command.SelectSingleNode('command:relatedLinks/maml:navigationLink[1]/maml:uri', $ns).InnerText
            $first | Should -Be "https://github.com/neo4jaura/Neo4jAura/blob/main/docs/en-US/$name.md" -Because 'the online version comes first, for Get-Help -Online'
        }
    }

    It 'escapes markup characters in the text it copies' {
        $dir = New-TempDocs
        try {
            $page = Join-Path $dir 'Get-AuraTenant.md'
            $text = [System.IO.File]::ReadAllText($page)
            $text = $text.Replace('Gets Aura tenants (projects)', 'Gets Aura tenants <projects> & "configs"')
            [System.IO.File]::WriteAllText($page, $text)
            $out = Join-Path $dir 'out.xml'
            & $generator -Path $dir -OutputPath $out
            $doc = New-Object System.Xml.XmlDocument
            $doc.Load($out)
            $ns = Get-MamlNamespace $doc
            $synopsis = $doc.SelectSingleNode("//command:command[command:details/command:name='Get-AuraTenant']/command:details/maml:description/maml:para", $ns).InnerText
            $synopsis | Should -BeLike 'Gets Aura tenants <projects> & "configs"*'
        }
        finally { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'refuses a page without a SYNOPSIS, naming the file' {
        $dir = New-TempDocs
        try {
            $page = Join-Path $dir 'Get-AuraTenant.md'
            $text = [System.IO.File]::ReadAllText($page) -replace '(?s)## SYNOPSIS\n.*?\n(?=## SYNTAX)', ''
            [System.IO.File]::WriteAllText($page, $text)
            $message = Invoke-Generator @{ Path = $dir; OutputPath = (Join-Path $dir 'out.xml') }
            $message | Should -Match 'Get-AuraTenant\.md'
            $message | Should -Match 'SYNOPSIS'
            Join-Path $dir 'out.xml' | Should -Not -Exist
        }
        finally { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'refuses a parameter block without its yaml, naming the file and the parameter' {
        $dir = New-TempDocs
        try {
            $page = Join-Path $dir 'Wait-AuraSnapshot.md'
            $text = [System.IO.File]::ReadAllText($page) -replace '(?s)(### -TimeoutSec\n[^\n]*\n\n)```yaml\n.*?```\n', '$1'
            [System.IO.File]::WriteAllText($page, $text)
            $message = Invoke-Generator @{ Path = $dir; OutputPath = (Join-Path $dir 'out.xml') }
            $message | Should -Match 'Wait-AuraSnapshot\.md parameter -TimeoutSec'
            $message | Should -Match 'yaml'
        }
        finally { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'refuses a page with fewer than two examples, naming the file' {
        $dir = New-TempDocs
        try {
            $page = Join-Path $dir 'Get-AuraConnection.md'
            $text = [System.IO.File]::ReadAllText($page) -replace '(?s)### Example 2:.*?(?=## PARAMETERS)', ''
            [System.IO.File]::WriteAllText($page, $text)
            $message = Invoke-Generator @{ Path = $dir; OutputPath = (Join-Path $dir 'out.xml') }
            $message | Should -Match 'Get-AuraConnection\.md'
            $message | Should -Match 'at least two'
        }
        finally { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'refuses a syntax line that disagrees with the parameter blocks' {
        $dir = New-TempDocs
        try {
            $page = Join-Path $dir 'Suspend-AuraInstance.md'
            $text = [System.IO.File]::ReadAllText($page).Replace('Suspend-AuraInstance [-InstanceId] <String> [-Wait]', 'Suspend-AuraInstance [-InstanceId] <String>')
            [System.IO.File]::WriteAllText($page, $text)
            $message = Invoke-Generator @{ Path = $dir; OutputPath = (Join-Path $dir 'out.xml') }
            $message | Should -Match 'Suspend-AuraInstance\.md'
            $message | Should -Match '-Wait'
        }
        finally { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'fails -Check when the committed XML is out of date, and says where' {
        $dir = New-TempDocs
        try {
            $out = Join-Path $dir 'out.xml'
            & $generator -Path $dir -OutputPath $out
            $page = Join-Path $dir 'Get-AuraConnection.md'
            [System.IO.File]::WriteAllText($page, [System.IO.File]::ReadAllText($page).Replace('Gets the current Aura connection.', 'Gets the current Aura connection, changed.'))
            $message = Invoke-Generator @{ Path = $dir; OutputPath = $out; Check = $true }
            $message | Should -Match 'out of date'
            $message | Should -Match 'changed'
        }
        finally { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'gives the same output on Windows PowerShell 5.1' -Skip:(-not (Get-Command powershell.exe -ErrorAction SilentlyContinue)) {
        $out = Join-Path ([System.IO.Path]::GetTempPath()) ('maml-51-' + [guid]::NewGuid().ToString('N') + '.xml')
        try {
            & powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $generator -Path $docsPath -OutputPath $out
            $LASTEXITCODE | Should -Be 0
            [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($out)) | Should -Be ([Convert]::ToBase64String([System.IO.File]::ReadAllBytes($mamlPath)))
        }
        finally { Remove-Item $out -ErrorAction SilentlyContinue }
    }
}

Describe 'The about_Neo4jAura topic' {
    It 'has the classic sections and lines of at most 80 characters' {
        $lines = [System.IO.File]::ReadAllLines($aboutPath)
        $lines[0] | Should -Be 'TOPIC'
        foreach ($heading in 'SHORT DESCRIPTION', 'LONG DESCRIPTION', 'EXAMPLES', 'SEE ALSO') {
            $lines | Should -Contain $heading
        }
        @($lines | Where-Object Length -GT 80) | Should -BeNullOrEmpty
    }
}

Describe 'Help of the built module' {
    BeforeAll {
        $script:modulePath = Get-AuraTestModulePath
        Import-Module $modulePath -Force
        $script:common = [System.Collections.Generic.HashSet[string]]::new(
            [string[]] ([System.Management.Automation.Cmdlet]::CommonParameters + 'UseTransaction'), [StringComparer]::OrdinalIgnoreCase)
        $script:builtMaml = New-Object System.Xml.XmlDocument
        $builtMaml.Load((Join-Path $modulePath 'en-US/Neo4jAura.dll-Help.xml'))
        $script:builtNs = Get-MamlNamespace $builtMaml

        function Get-PipelineText {
            param($Info)
            if ($Info.ValueFromPipeline -and $Info.ValueFromPipelineByPropertyName) { return 'True (ByValue, ByPropertyName)' }
            if ($Info.ValueFromPipeline) { return 'True (ByValue)' }
            if ($Info.ValueFromPipelineByPropertyName) { return 'True (ByPropertyName)' }
            'False'
        }

        function Get-TypeText {
            param([Type] $Type)
            $underlying = [Nullable]::GetUnderlyingType($Type)
            if ($underlying) { $Type = $underlying }
            $Type.Name
        }
    }

    AfterAll {
        Remove-Module Neo4jAura -Force -ErrorAction SilentlyContinue
    }

    It 'ships the committed MAML and the about topic' {
        $built = [System.IO.File]::ReadAllBytes((Join-Path $modulePath 'en-US/Neo4jAura.dll-Help.xml'))
        [Convert]::ToBase64String($built) | Should -Be ([Convert]::ToBase64String([System.IO.File]::ReadAllBytes($mamlPath)))
        Join-Path $modulePath 'en-US/about_Neo4jAura.help.txt' | Should -Exist
    }

    It 'finds about_Neo4jAura with Get-Help' {
        $help = Get-Help about_Neo4jAura -ErrorAction Stop | Out-String
        $help | Should -Match 'about_Neo4jAura'
        $help | Should -Match 'THE TOKEN CACHE'
    }

    Context '<Name>' -ForEach $cmdletCases {
        BeforeAll {
            $script:command = Get-Command -Name $Name -Module Neo4jAura -CommandType Cmdlet -ErrorAction Stop
            $script:help = Get-Help -Name $Name -Full -ErrorAction Stop
        }

        It 'has a synopsis and a description from the MAML' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            # Without MAML, Get-Help makes the synopsis from the syntax ("Name [-Param] ...").
            $help.Synopsis.Trim() | Should -Not -BeLike "$Name *"
            ($help.description | ForEach-Object Text) -join "`n" | Should -Not -BeNullOrEmpty
        }

        It 'has at least two examples' {
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'shows "Example 1" with Get-Help -Examples' {
            Get-Help -Name $Name -Examples | Out-String -Width 200 | Should -Match 'Example 1'
        }

        It 'describes every parameter of the cmdlet, and no other' {
            $documented = @{}
            foreach ($p in @($help.parameters.parameter)) {
                if ($p) { $documented[$p.name] = (($p.description | ForEach-Object Text) -join ' ').Trim() }
            }
            foreach ($parameter in $command.Parameters.Keys | Where-Object { -not $common.Contains($_) }) {
                $documented.ContainsKey($parameter) | Should -BeTrue -Because "-$parameter of $Name needs help"
                $documented[$parameter] | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
            }
            foreach ($parameter in $documented.Keys) {
                $command.Parameters.ContainsKey($parameter) | Should -BeTrue -Because "$Name has no parameter -$parameter to document"
            }
        }

        It 'matches the cmdlet''s parameter sets, positions, aliases, pipeline input and accepted values' {
            $node = $builtMaml.SelectSingleNode("//command:command[command:details/command:name='$Name']", $builtNs)
            $node | Should -Not -BeNullOrEmpty
            $items = @($node.SelectNodes('command:syntax/command:syntaxItem', $builtNs))
            $problems = [System.Collections.Generic.List[string]]::new()
            $sets = @($command.ParameterSets)
            if ($items.Count -ne $sets.Count) { $problems.Add("$($sets.Count) parameter set(s), $($items.Count) syntax block(s) in help") }
            foreach ($set in $sets) {
                $actual = @($set.Parameters | Where-Object { -not $common.Contains($_.Name) })
                $names = @($actual.Name | Sort-Object)
                $item = $items | Where-Object {
                    $documentedNames = @($_.SelectNodes('command:parameter/maml:name', $builtNs) | ForEach-Object InnerText | Sort-Object)
                    ($documentedNames -join ',') -eq ($names -join ',')
                } | Select-Object -First 1
                if (-not $item) {
                    $problems.Add("no syntax block has the parameters of set '$($set.Name)': $($names -join ', ')")
                    continue
                }
                foreach ($p in $actual) {
                    $doc = $item.SelectSingleNode("command:parameter[maml:name='$($p.Name)']", $builtNs)
                    $where = "set '$($set.Name)' -$($p.Name)"
                    $required = $doc.GetAttribute('required') -eq 'true'
                    if ($required -ne $p.IsMandatory) { $problems.Add("${where}: help says required=$required, the cmdlet $($p.IsMandatory)") }
                    $position = if ($p.Position -lt 0) { 'named' } else { [string] $p.Position }
                    if ($doc.GetAttribute('position') -ne $position) { $problems.Add("${where}: help says position $($doc.GetAttribute('position')), the cmdlet $position") }
                    $pipeline = Get-PipelineText -Info $p
                    if ($doc.GetAttribute('pipelineInput') -ne $pipeline) { $problems.Add("${where}: help says pipeline input $($doc.GetAttribute('pipelineInput')), the cmdlet $pipeline") }
                    $aliases = @($p.Aliases | Sort-Object)
                    $docAliases = @(($doc.GetAttribute('aliases') -split ',\s*') | Where-Object { $_ -and $_ -ne 'none' } | Sort-Object)
                    if (($aliases -join ',') -ne ($docAliases -join ',')) { $problems.Add("${where}: help says aliases '$($docAliases -join ',')', the cmdlet '$($aliases -join ',')'") }
                    $globbing = [bool] ($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                    if (($doc.GetAttribute('globbing') -eq 'true') -ne $globbing) { $problems.Add("${where}: help says wildcards $($doc.GetAttribute('globbing')), the cmdlet $globbing") }
                    $type = Get-TypeText $p.ParameterType
                    $docType = $doc.SelectSingleNode('dev:type/maml:name', $builtNs).InnerText
                    if ($docType -ne $type) { $problems.Add("${where}: help says type $docType, the cmdlet $type") }
                    $valid = @()
                    $validateSet = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
                    if ($validateSet) { $valid = @($validateSet.ValidValues) }
                    else {
                        $plain = [Nullable]::GetUnderlyingType($p.ParameterType)
                        if (-not $plain) { $plain = $p.ParameterType }
                        if ($plain.IsEnum) { $valid = @([Enum]::GetNames($plain)) }
                    }
                    $docValid = @($doc.SelectNodes('command:parameterValueGroup/command:parameterValue', $builtNs) | ForEach-Object InnerText)
                    if ((($valid | Sort-Object) -join ',') -ne (($docValid | Sort-Object) -join ',')) {
                        $problems.Add("${where}: help says accepted values '$($docValid -join ',')', the cmdlet '$($valid -join ',')'")
                    }
                }
            }
            $problems | Should -BeNullOrEmpty -Because "the help of $Name must describe the cmdlet as built"
        }

        It 'links to its online version first, for Get-Help -Online' {
            @($help.relatedLinks.navigationLink)[0].uri | Should -Be "https://github.com/neo4jaura/Neo4jAura/blob/main/docs/en-US/$Name.md"
        }
    }
}

Describe 'Help examples against the emulator' {
    BeforeAll {
        $script:modulePath = Get-AuraTestModulePath
        $script:emu = Start-AuraTestEmulator

        function Get-ExampleVariable {
            <# The variables every example may use, read from the emulator's (freshly reset) state. #>
            param($Emulator)
            $state = Invoke-AuraEmulatorControl $Emulator -Method Get -Path '/_emulator/state'
            $instances = @($state.instances | Sort-Object id)
            $running = @($instances | Where-Object status -eq 'running')
            $completed = @($state.snapshots | Where-Object status -eq 'Completed')
            $staging = $running | Where-Object name -like 'staging-*' | Select-Object -First 1
            $candidates = @($running | Where-Object { $_.id -ne $staging.id })
            $first = $candidates | Where-Object { $id = $_.id; $_.name -like 'prod-*' -and @($completed | Where-Object instance_id -eq $id).Count -gt 0 } | Select-Object -First 1
            $second = $candidates | Where-Object { $_.id -ne $first.id } | Select-Object -First 1
            $paused = $instances | Where-Object status -eq 'paused' | Select-Object -First 1
            $snapshot = $completed | Where-Object instance_id -eq $first.id | Sort-Object { [DateTimeOffset] $_.timestamp } -Descending | Select-Object -First 1
            foreach ($needed in @(@('a running prod-* instance with a Completed snapshot', $first), @('a second running instance', $second),
                    @('a paused instance', $paused), @('a running staging-* instance', $staging))) {
                if (-not $needed[1]) { throw "The emulator's seed has no $($needed[0]); the help examples need one." }
            }
            $secret = New-Object System.Security.SecureString
            foreach ($c in $Emulator.ClientSecret.ToCharArray()) { $secret.AppendChar($c) }
            @{
                instanceId       = $first.id
                instanceId2      = $second.id
                pausedInstanceId = $paused.id
                tenantId         = $first.tenant_id
                snapshotId       = $snapshot.snapshot_id
                stagingId        = $staging.id
                cred             = New-Object System.Management.Automation.PSCredential($Emulator.ClientId, $secret)
                baseUri          = $Emulator.BaseUri
            }
        }

        $script:runner = @'
param([hashtable] $Variables, [string] $Code)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
foreach ($key in $Variables.Keys) { Set-Variable -Name $key -Value $Variables[$key] -Scope Global }
Connect-Aura -Credential $cred -BaseUri $baseUri
$example = [scriptblock]::Create($Code)
& $example | Out-String -Width 200
'@
    }

    AfterAll {
        if ($emu) { Stop-AuraTestEmulator $emu }
    }

    It '<Command> example <Number>: <Title>' -ForEach $exampleCases {
        if ($Skip) {
            Set-ItResult -Skipped -Because 'the example needs Azure Automation (it starts with "# Azure Automation only")'
            return
        }
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/reset'
        $variables = Get-ExampleVariable $emu

        # A runspace of its own: a fresh scope, no host to prompt with (an example that would prompt fails
        # instead of hanging), and a timeout.
        $state = [initialsessionstate]::CreateDefault()
        $state.ImportPSModule([string[]] @($modulePath))
        $ps = [powershell]::Create($state)
        # Environment variables are the process's: put back whatever an example (Connect-Aura's) changes.
        $savedEnvironment = @{}
        foreach ($name in 'AURA_CLIENT_ID', 'AURA_CLIENT_SECRET', 'AURA_BASE_URI') {
            $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        }
        try {
            $null = $ps.AddScript($runner).AddArgument($variables).AddArgument($Code)
            $async = $ps.BeginInvoke()
            if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(180))) {
                $ps.Stop()
                throw "The example did not finish within 180 s."
            }
            $output = try { $ps.EndInvoke($async) -join "`n" } catch {
                $inner = $_.Exception
                while ($inner.InnerException) { $inner = $inner.InnerException }
                throw "The example failed: $($inner.Message)`n--- code ---`n$Code"
            }
            $errors = @($ps.Streams.Error)
            $errors | Should -BeNullOrEmpty -Because "the example must run without errors:`n$($errors -join "`n")`n--- code ---`n$Code`n--- output ---`n$output"
            $output | Should -Not -Match ([regex]::Escape($emu.ClientSecret)) -Because 'an example must not show the client secret'
        }
        finally {
            $ps.Dispose()
            foreach ($name in $savedEnvironment.Keys) {
                [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name])
            }
        }
    }
}
