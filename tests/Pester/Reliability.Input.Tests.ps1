# Reliability: bad input is refused clearly before anything is sent. Every call here runs against the emulator with
# its request log cleared first; afterwards the log must be empty (New-AuraInstance may read the tenant to check a
# region, type or memory size, but must not POST). One summary row per group goes to out/test-results/reliability.md.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/Reliability.Helpers.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestEmulator
    $script:secret = ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force
    Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri
    $script:tenant = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
    $script:snapshot = 'a1b2c3d4-0000-4000-8000-000000000001'
    $script:results = @{}

    # Runs one refused call: returns its errors and the requests the emulator saw.
    function Invoke-Refused([scriptblock] $RefusedBlock) {
        Clear-AuraEmulatorRequestLog $emu
        $case = Invoke-AuraCase $RefusedBlock
        [pscustomobject]@{ Case = $case; Log = (Read-AuraRequestLog $emu) }
    }

    function Add-Result([string] $Group, [string] $Label, $Refused, [bool] $TenantReadAllowed) {
        if (-not $results.ContainsKey($Group)) { $results[$Group] = [System.Collections.Generic.List[object]]::new() }
        $sent = @($Refused.Log | Where-Object { -not ($TenantReadAllowed -and $_.method -eq 'GET') })
        $results[$Group].Add([pscustomobject]@{ Label = $Label; Errors = $Refused.Case.Errors.Count; Output = $Refused.Case.Output.Count; Sent = $sent.Count
                Ids = @($Refused.Case.Errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) })
    }

    function Write-GroupRow([string] $Group, [string] $Fault, [string] $Requests) {
        $rows = $results[$Group]
        $ok = @($rows | Where-Object { $_.Errors -ge 1 -and $_.Output -eq 0 -and $_.Sent -eq 0 }).Count
        $ids = @($rows.Ids | Group-Object | Sort-Object Count -Descending | ForEach-Object { "$($_.Count)x $($_.Name)" }) -join ', '
        Add-ReliabilityRow -Suite Input -Fault $Fault -Requests $Requests -Retries '0' `
            -Outcome "$ok/$($rows.Count) calls refused: $ids" `
            -Invariants "nothing sent for $ok/$($rows.Count) calls; every call answered by an error" -Held ($ok -eq $rows.Count)
    }
}

AfterAll {
    if ($script:emu) { Stop-AuraTestEmulator $script:emu }
    Disconnect-Aura -ErrorAction SilentlyContinue
}

Describe 'Bad input is refused before anything is sent' {
    Context 'ids that could change the request path' {
        It '<Command> refuses <Label>' -ForEach @(
            foreach ($bad in @(
                    @{ Label = 'an empty id'; Value = '' }
                    @{ Label = 'a blank id'; Value = '   ' }
                    @{ Label = 'a 65-character id'; Value = ('a' * 65) }
                    @{ Label = "an id with '/'"; Value = 'a1b2/c3d4' }
                    @{ Label = "an id of '..'"; Value = '..' }
                    @{ Label = "an id with '..'"; Value = 'a1..b2' }
                    @{ Label = "an id with '?'"; Value = 'a1b2?c=d' }
                    @{ Label = "an id with '#'"; Value = 'a1b2#c3' }
                    @{ Label = "an id with '%'"; Value = 'a1%2fb2' }
                    @{ Label = 'an id with a space'; Value = 'a1b2 c3d4' }
                    @{ Label = 'an id with a line break'; Value = "a1b2`nc3d4" }
                )) {
                foreach ($command in @(
                        @{ Command = 'Get-AuraInstance'; Parameter = 'InstanceId'; Call = { param($v) Get-AuraInstance -InstanceId $v } }
                        @{ Command = 'Get-AuraSnapshot'; Parameter = 'InstanceId'; Call = { param($v) Get-AuraSnapshot -InstanceId $v } }
                        @{ Command = 'Get-AuraSnapshot -SnapshotId'; Parameter = 'SnapshotId'; Call = { param($v) Get-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId $v } }
                        @{ Command = 'New-AuraSnapshot'; Parameter = 'InstanceId'; Call = { param($v) New-AuraSnapshot -InstanceId $v } }
                        @{ Command = 'Remove-AuraInstance'; Parameter = 'InstanceId'; Call = { param($v) Remove-AuraInstance -InstanceId $v -Force } }
                        @{ Command = 'Suspend-AuraInstance'; Parameter = 'InstanceId'; Call = { param($v) Suspend-AuraInstance -InstanceId $v -Confirm:$false } }
                        @{ Command = 'Set-AuraInstance'; Parameter = 'InstanceId'; Call = { param($v) Set-AuraInstance -InstanceId $v -Name 'fine-name' -Confirm:$false } }
                        @{ Command = 'Restore-AuraSnapshot -TargetInstanceId'; Parameter = 'TargetInstanceId'; Call = { param($v) Restore-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId $snapshot -TargetInstanceId $v -Force } }
                        @{ Command = 'Get-AuraTenant'; Parameter = 'TenantId'; Call = { param($v) Get-AuraTenant -TenantId $v } }
                        @{ Command = 'Wait-AuraInstance'; Parameter = 'InstanceId'; Call = { param($v) Wait-AuraInstance -InstanceId $v -TimeoutSec 5 } }
                    )) {
                    # -TenantId also takes a project name, which may hold any printable character: such a value is
                    # looked up in GET /v1/tenants (never put in a path) and refused as unknown; a blank value or one
                    # with a line break is refused before any request.
                    $byName = $command.Command -eq 'Get-AuraTenant' -and $bad.Value.Trim() -and $bad.Value -notmatch '[\r\n]'
                    @{ Command = $command.Command; Parameter = $command.Parameter; Call = $command.Call; Label = $bad.Label; Value = $bad.Value; ByName = $byName }
                }
            }
        ) {
            $badValue = $Value; $commandBlock = $Call
            $refused = Invoke-Refused { & $commandBlock $badValue }
            Add-Result -Group ids -Label "$Command $Label" -Refused $refused -TenantReadAllowed $ByName

            $refused.Case.Output | Should -BeNullOrEmpty
            $refused.Case.Errors.Count | Should -BeGreaterOrEqual 1
            $err = $refused.Case.Errors[0]
            $err.Exception.Message | Should -Match $Parameter -Because 'the message names the parameter'
            if ($ByName) {
                @($refused.Log | ForEach-Object { "$($_.method) $($_.path)" } | Select-Object -Unique) | Should -Be @('GET /v1/tenants') -Because 'a name is looked up in the list, never sent in a path'
                $err.FullyQualifiedErrorId | Should -Match '^AuraTenantNotFound'
                return
            }
            $refused.Log | Should -BeNullOrEmpty -Because 'nothing may be sent for a bad id'
            $err.FullyQualifiedErrorId | Should -Match '^(AuraInvalidArgument|ParameterArgumentValidationError)'
            # The module's own check says InvalidArgument; PowerShell's parameter validation (empty values) says InvalidData.
            $err.CategoryInfo.Category | Should -BeIn 'InvalidArgument', 'InvalidData'
        }

        It 'writes its row' {
            Write-GroupRow -Group ids -Fault 'bad ids (empty, blank, 65 chars, / .. ? # % space newline) x 10 cmdlets' -Requests 'none (Get-AuraTenant: GET /v1/tenants to look up a name)'
            @($results.ids | Where-Object Sent -GT 0) | Should -BeNullOrEmpty
        }
    }

    Context 'names, memory sizes, regions and types' {
        It 'refuses <Label>' -ForEach @(
            @{ Label = 'New-AuraInstance -Name of 31 characters'; ReadAllowed = $false
                Call = { New-AuraInstance -Name ('n' * 31) -TenantId $tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Confirm:$false } }
            @{ Label = 'Set-AuraInstance -Name of 31 characters'; ReadAllowed = $false
                Call = { Set-AuraInstance -InstanceId a1b2c3d4 -Name ('n' * 31) -Confirm:$false } }
            @{ Label = 'Restore-AuraSnapshot -Name of 31 characters'; ReadAllowed = $false
                Call = { Restore-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId $snapshot -Name ('n' * 31) -Confirm:$false } }
            @{ Label = "New-AuraInstance -Memory 'lots'"; ReadAllowed = $true
                Call = { New-AuraInstance -Name 'fine-name' -TenantId $tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory lots -Confirm:$false } }
            @{ Label = "New-AuraInstance -Memory '-8GB'"; ReadAllowed = $true
                Call = { New-AuraInstance -Name 'fine-name' -TenantId $tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory '-8GB' -Confirm:$false } }
            @{ Label = "New-AuraInstance -Memory '512MB' (not offered)"; ReadAllowed = $true
                Call = { New-AuraInstance -Name 'fine-name' -TenantId $tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 512MB -Confirm:$false } }
            @{ Label = "Set-AuraInstance -Memory 'lots'"; ReadAllowed = $true
                Call = { Set-AuraInstance -InstanceId a1b2c3d4 -Memory lots -Confirm:$false } }
            @{ Label = "Set-AuraInstance -Memory '8.5GB'"; ReadAllowed = $true
                Call = { Set-AuraInstance -InstanceId a1b2c3d4 -Memory 8.5GB -Confirm:$false } }
            @{ Label = 'New-AuraInstance -Region mars-north1'; ReadAllowed = $true
                Call = { New-AuraInstance -Name 'fine-name' -TenantId $tenant -Region mars-north1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Confirm:$false } }
            @{ Label = 'New-AuraInstance -Type quantum-db'; ReadAllowed = $true
                Call = { New-AuraInstance -Name 'fine-name' -TenantId $tenant -Region europe-west1 -CloudProvider gcp -Type quantum-db -Memory 8GB -Confirm:$false } }
            @{ Label = 'New-AuraInstance -CloudProvider ibm'; ReadAllowed = $true
                Call = { New-AuraInstance -Name 'fine-name' -TenantId $tenant -Region europe-west1 -CloudProvider ibm -Type enterprise-db -Memory 8GB -Confirm:$false } }
            @{ Label = 'New-AuraInstance with a region of another cloud (aws us-east-1 on gcp)'; ReadAllowed = $true
                Call = { New-AuraInstance -Name 'fine-name' -TenantId $tenant -Region us-east-1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Confirm:$false } }
            @{ Label = 'New-AuraInstance -Memory 1GB for enterprise-db (not offered)'; ReadAllowed = $true
                Call = { New-AuraInstance -Name 'fine-name' -TenantId $tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 1GB -Confirm:$false } }
        ) {
            $refused = Invoke-Refused $Call
            Add-Result -Group values -Label $Label -Refused $refused -TenantReadAllowed $ReadAllowed

            $refused.Case.Output | Should -BeNullOrEmpty
            $refused.Case.Errors.Count | Should -Be 1
            $refused.Case.Errors[0].FullyQualifiedErrorId | Should -Match '^(AuraInvalidArgument|ParameterArgumentValidationError)'
            @($refused.Log | Where-Object method -NE 'GET') | Should -BeNullOrEmpty -Because 'no POST or PATCH may be sent'
            if ($ReadAllowed) { @($refused.Log | Where-Object path -NotMatch '^/v1/(tenants|instances)/') | Should -BeNullOrEmpty }
            else { $refused.Log | Should -BeNullOrEmpty }
        }

        It 'names the valid choices when a region is unknown' {
            $refused = Invoke-Refused { New-AuraInstance -Name 'fine-name' -TenantId $tenant -Region mars-north1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Confirm:$false }
            $refused.Case.Errors[0].Exception.Message | Should -Match 'mars-north1'
            $refused.Case.Errors[0].Exception.Message | Should -Match 'europe-west1'
        }

        It 'writes its row' {
            Write-GroupRow -Group values -Fault 'bad names (31 chars), memory (lots, -8GB, 512MB, 8.5GB, 1GB), regions, types, clouds' `
                -Requests 'at most a GET of the tenant (or instance) to check the choice; no POST or PATCH'
            @($results.values | Where-Object Sent -GT 0) | Should -BeNullOrEmpty
        }
    }

    Context 'Invoke-AuraApi paths that leave the API root' {
        It 'refuses -Path <Path>' -ForEach @(
            @{ Path = 'https://evil.example/v1/instances' }
            @{ Path = '//evil.example/instances' }
            @{ Path = '/instances/../../oauth/token' }
            @{ Path = '/instances/%2e%2e/%2e%2e/oauth/token' }
            @{ Path = '/instances#fragment' }
            @{ Path = '\instances' }
            @{ Path = '/instances/a1b2c3d4 /pause' }
        ) {
            $badPath = $Path
            $refused = Invoke-Refused { Invoke-AuraApi -Method GET -Path $badPath }
            Add-Result -Group paths -Label $Path -Refused $refused -TenantReadAllowed $false
            $refused.Log | Should -BeNullOrEmpty
            $refused.Case.Output | Should -BeNullOrEmpty
            $refused.Case.Errors.Count | Should -Be 1
            $refused.Case.Errors[0].FullyQualifiedErrorId | Should -Match '^AuraInvalidArgument'
        }

        It 'writes its row' {
            Write-GroupRow -Group paths -Fault 'Invoke-AuraApi -Path with a scheme, //host, .., %2e%2e, #, \, space' -Requests 'none'
            @($results.paths | Where-Object Sent -GT 0) | Should -BeNullOrEmpty
        }
    }
}
