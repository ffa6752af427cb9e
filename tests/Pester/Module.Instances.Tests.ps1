# Instance cmdlets against the real emulator (transitions of 1 s).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestSession
    $script:prodTenant = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
    $script:devTenant = '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b'

    function Set-InstanceStatus([string] $Id, [string] $Status) {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path "/_emulator/instances/$Id/status" -Body @{ status = $Status }
    }
}

AfterAll { Stop-AuraTestSession $script:emu }

Describe 'Get-AuraInstance' {
    BeforeAll { Reset-Emulator }

    It 'gets instances by id, as Neo4jAura.AuraInstance' {
        $instance = Get-AuraInstance -InstanceId 'a1b2c3d4'
        $instance.Name | Should -Be 'prod-orders'
        $instance.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraInstance'
        $instance.Status | Should -Be 'running'
        $instance.ConnectionUrl | Should -Not -BeNullOrEmpty
        @(Get-AuraInstance 'a1b2c3d4', 'b2c3d4e5').Name | Should -Be @('prod-orders', 'prod-catalog')
        (Get-AuraInstance -Id 'e5f6a7b8').Status | Should -Be 'paused'
    }

    It 'lists once per call and filters by name with case-insensitive wildcards' {
        Clear-AuraEmulatorRequestLog $emu
        $names = (Get-AuraInstance -Name 'PROD-*').Name | Sort-Object
        $names | Should -Be @('prod-analytics', 'prod-catalog', 'prod-orders')
        @(Get-ApiLog | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/v1/instances' }).Count | Should -Be 1
        (Get-AuraInstance -Name 'staging-orders').Id | Should -Be 'd4e5f6a7'
    }

    It 'streams the list: Select-Object -First 1 takes the first instance and stops the read' {
        Clear-AuraEmulatorRequestLog $emu
        $first = Get-AuraInstance | Select-Object -First 1
        @($first).Count | Should -Be 1
        $first.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraInstance'
        $all = @(Get-AuraInstance)
        $first.Id | Should -Be $all[0].Id
        @(Get-ApiLog | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/v1/instances' }).Count | Should -Be 2
    }

    It 'writes a verbose line per request with -Verbose or $VerbosePreference, and none otherwise' {
        $lines = @(Get-AuraInstance -InstanceId 'a1b2c3d4' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $lines.Message | Should -Match 'GET /instances/a1b2c3d4 -> 200'
        $VerbosePreference = 'Continue'
        try {
            @(Get-AuraInstance -InstanceId 'a1b2c3d4' 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
            @(Get-AuraInstance -InstanceId 'a1b2c3d4' -Verbose:$false 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
        }
        finally { $VerbosePreference = 'SilentlyContinue' }
        @(Get-AuraInstance -InstanceId 'a1b2c3d4' 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
    }

    It 'filters by tenant' {
        (Get-AuraInstance -TenantId $devTenant).Name | Sort-Object | Should -Be @('dev-sandbox', 'staging-orders')
    }

    It 'reports a missing id as a non-terminating ObjectNotFound error and goes on' {
        $out = Get-AuraInstance -InstanceId 'ffffffff', 'a1b2c3d4' -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Id | Should -Be 'a1b2c3d4'
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'Aura*'
        $errs[0].TargetObject | Should -Be 'ffffffff'
    }

    It 'reports a name without wildcards that matches nothing, but not a wildcard that matches nothing' {
        Get-AuraInstance -Name 'no-such-db' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraInstanceNotFound*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-AuraInstance -Name 'no-such-*' -ErrorVariable errs2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs2.Count | Should -Be 0
    }

    It 'refuses a malformed id with InvalidArgument and sends nothing' {
        Clear-AuraEmulatorRequestLog $emu
        Get-AuraInstance -InstanceId '../tenants' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraInvalidArgument*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-ApiLog | Should -BeNullOrEmpty
    }

    It 'has a default table view without API calls' {
        Clear-AuraEmulatorRequestLog $emu
        $instances = Get-AuraInstance
        Clear-AuraEmulatorRequestLog $emu
        $text = $instances | Format-Table | Out-String -Width 200
        $text | Should -Match 'Name\s+Id\s+Status\s+Type\s+Memory\s+Storage\s+Location'
        Get-ApiLog | Should -BeNullOrEmpty
    }

    It 'fits a 120-column console without cutting a 30-character name' {
        $null = Set-AuraInstance -InstanceId 'd4e5f6a7' -Name 'staging-orders-eu-west-replica' -Confirm:$false
        $text = Get-AuraInstance | Format-Table | Out-String -Width 120
        $text | Should -Match 'staging-orders-eu-west-replica d4e5f6a7'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
        $null = Set-AuraInstance -InstanceId 'd4e5f6a7' -Name 'staging-orders' -Confirm:$false
    }

    It 'sorts and compares memory by size, not as text' {
        (Get-AuraInstance | Sort-Object Memory).Memory.Text | Should -Be @('1GB', '8GB', '8GB', '16GB', '32GB')
        (Get-AuraInstance | Where-Object Memory -ge 16GB).Name | Sort-Object | Should -Be @('prod-analytics', 'prod-catalog')
        (Get-AuraInstance -InstanceId 'a1b2c3d4').Memory | Should -Be '8GB'
        (Get-AuraInstance -InstanceId 'a1b2c3d4').MemoryGB | Should -Be 8
        (Get-AuraInstance -InstanceId 'e5f6a7b8').Storage | Should -BeNullOrEmpty   # AuraDB Free has no storage
    }

    It 'lists summaries from one request with -Summary' {
        Clear-AuraEmulatorRequestLog $emu
        $summaries = Get-AuraInstance -Summary
        $summaries.Count | Should -Be 5
        $summaries[0].PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraInstanceSummary'
        $summaries[0].CreatedAt | Should -BeOfType [DateTimeOffset]
        @(Get-ApiLog).Count | Should -Be 1
    }

    It 'refuses a wildcard pattern PowerShell cannot use before sending anything' {
        Clear-AuraEmulatorRequestLog $emu
        Get-AuraInstance -Name '[abc' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraInvalidArgument*'
        Get-ApiLog | Should -BeNullOrEmpty
    }

    It 'hints -Name when a name is given where an id goes' {
        Get-AuraInstance prod-orders -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraInstanceNotFound*'
        $errs[0].Exception.Message | Should -Match "Get-AuraInstance -Name 'prod-orders'"
    }
}

Describe 'New-AuraInstance' {
    BeforeAll { Reset-Emulator }

    It 'creates, waits until running and returns the one-time password only in the Credential' {
        $instance = New-AuraInstance -Name 'pester-new' -TenantId $prodTenant -Region 'europe-west1' -CloudProvider gcp -Type enterprise-db -Memory 8GB -Wait -TimeoutSec 60
        $instance.Status | Should -Be 'running'
        $instance.Name | Should -Be 'pester-new'
        $instance.Region | Should -Be 'europe-west1'
        $instance.Credential | Should -BeOfType [pscredential]
        $password = $instance.Credential.GetNetworkCredential().Password
        $password | Should -Not -BeNullOrEmpty
        $escaped = [regex]::Escape($password)
        ($instance | Select-Object * -ExcludeProperty Credential | ConvertTo-Json -Depth 5) | Should -Not -Match $escaped
        ($instance | Format-List | Out-String) | Should -Not -Match $escaped
        ($instance | Format-List | Out-String) | Should -Match 'OneTimePassword\s+: user neo4j; the password is in \.Credential'
        ($instance | Select-Object * | Out-String) | Should -Not -Match 'Credential'   # hidden from Select-Object *
        ($instance | Format-Table | Out-String) | Should -Not -Match $escaped
        "$instance" | Should -Not -Match $escaped
        $instance.PSObject.Properties.Name | Where-Object { $_ -match 'password' } | Should -BeNullOrEmpty
    }

    It 'refuses a region the tenant does not offer, listing the valid ones, and sends no POST' {
        Clear-AuraEmulatorRequestLog $emu
        New-AuraInstance -Name 'pester-bad' -TenantId $prodTenant -Region 'mars-north1' -CloudProvider gcp -Type enterprise-db -Memory 8GB -ErrorVariable errs -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraInvalidArgument*'
        $errs[0].Exception.Message | Should -Match 'europe-west1'
        @(Get-ApiLog | Where-Object method -eq 'POST').Count | Should -Be 0
    }

    It 'refuses an unknown type listing the valid ones' {
        New-AuraInstance -Name 'pester-bad' -TenantId $prodTenant -Region 'europe-west1' -CloudProvider gcp -Type 'enterprise-xl' -Memory 8GB -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].Exception.Message | Should -Match 'Valid types: .*enterprise-db'
    }

    It 'does nothing with -WhatIf' {
        Clear-AuraEmulatorRequestLog $emu
        New-AuraInstance -Name 'pester-whatif' -TenantId $prodTenant -Region 'europe-west1' -CloudProvider gcp -Type enterprise-db -Memory 8GB -WhatIf
        @(Get-ApiLog | Where-Object method -eq 'POST').Count | Should -Be 0
    }
}

Describe 'Set-AuraInstance' {
    BeforeAll { Reset-Emulator }

    It 'resizes and waits until the new size is in place' {
        $instance = Set-AuraInstance -InstanceId 'a1b2c3d4' -Memory 16GB -Wait -TimeoutSec 60
        $instance.Memory | Should -Be '16GB'
        $instance.Status | Should -Be 'running'
    }

    It 'renames' {
        (Set-AuraInstance -Id 'b2c3d4e5' -Name 'prod-catalog-2').Name | Should -Be 'prod-catalog-2'
        (Get-AuraInstance b2c3d4e5).Name | Should -Be 'prod-catalog-2'
    }

    It 'refuses a call with nothing to change' {
        Clear-AuraEmulatorRequestLog $emu
        Set-AuraInstance -InstanceId 'a1b2c3d4' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraInvalidArgument*'
        @(Get-ApiLog | Where-Object method -eq 'PATCH').Count | Should -Be 0
    }
}

Describe 'Remove-AuraInstance' {
    BeforeEach { Reset-Emulator }

    It 'sends no request at all with -WhatIf, also with -Force' {
        Clear-AuraEmulatorRequestLog $emu
        Remove-AuraInstance -InstanceId 'c3d4e5f6' -WhatIf
        Remove-AuraInstance -InstanceId 'c3d4e5f6' -Force -WhatIf
        Get-ApiLog | Should -BeNullOrEmpty
        (Get-AuraInstance c3d4e5f6).Status | Should -Be 'running'
    }

    It 'deletes without a prompt with -Force and emits nothing' {
        Clear-AuraEmulatorRequestLog $emu
        Remove-AuraInstance -InstanceId 'c3d4e5f6' -Force | Should -BeNullOrEmpty
        @(Get-ApiLog | Where-Object { $_.method -eq 'DELETE' -and $_.path -eq '/v1/instances/c3d4e5f6' }).Count | Should -Be 1
    }

    It 'deletes with -Confirm:$false, waits until gone and passes the instance through' {
        $gone = Get-AuraInstance -Name 'prod-analytics' | Remove-AuraInstance -Confirm:$false -Wait -PassThru -TimeoutSec 60
        $gone.Id | Should -Be 'c3d4e5f6'
        $gone.Name | Should -Be 'prod-analytics'
        $gone.Status | Should -Be 'deleted'   # gone, not still destroying
        Get-AuraInstance -InstanceId 'c3d4e5f6' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Pause and resume' {
    BeforeEach { Reset-Emulator }

    It 'suspends and resumes with -Wait' {
        (Suspend-AuraInstance -InstanceId 'a1b2c3d4' -Wait -Confirm:$false -TimeoutSec 60).Status | Should -Be 'paused'
        (Resume-AuraInstance -InstanceId 'a1b2c3d4' -Wait -Confirm:$false -TimeoutSec 60).Status | Should -Be 'running'
        (Set-AuraInstanceState -InstanceId 'a1b2c3d4' -State Paused -Wait -Confirm:$false).Status | Should -Be 'paused'
        (Set-AuraInstanceState -InstanceId 'a1b2c3d4' -State Running -Wait -Confirm:$false).Status | Should -Be 'running'
    }

    It 'binds the pipeline by property name and waits for all together' {
        $paused = Get-AuraInstance -Name 'prod-*' | Suspend-AuraInstance -Confirm:$false -Wait -TimeoutSec 60
        $paused.Count | Should -Be 3
        $paused.Status | Sort-Object -Unique | Should -Be 'paused'
        $paused.Id | Sort-Object | Should -Be @('a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6')
    }

    It 'gives a non-terminating error for a failing item while the others come out' {
        $items = 'a1b2c3d4', 'ffffffff', 'b2c3d4e5' | ForEach-Object { [pscustomobject]@{ Id = $_ } }   # ffffffff does not exist
        $out = $items | Suspend-AuraInstance -Confirm:$false -Wait -TimeoutSec 60 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Id | Sort-Object | Should -Be @('a1b2c3d4', 'b2c3d4e5')
        $errs.Count | Should -Be 1
        $errs[0].TargetObject | Should -Be 'ffffffff'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraInstanceNotFound*'
    }

    It 'returns an instance already paused (or running) as it is, with no error and nothing sent' {
        Clear-AuraEmulatorRequestLog $emu
        $same = Suspend-AuraInstance -InstanceId 'e5f6a7b8' -Confirm:$false -ErrorVariable errs
        $same.Status | Should -Be 'paused'
        $errs | Should -BeNullOrEmpty
        (Resume-AuraInstance -InstanceId 'a1b2c3d4' -Confirm:$false -Wait).Status | Should -Be 'running'
        @(Get-ApiLog | Where-Object method -eq 'POST').Count | Should -Be 0
    }

    It 'shows what it would do with -WhatIf and sends no POST' {
        Clear-AuraEmulatorRequestLog $emu
        Get-AuraInstance | Where-Object Status -eq 'running' | Suspend-AuraInstance -WhatIf
        @(Get-ApiLog | Where-Object method -eq 'POST').Count | Should -Be 0
    }
}

Describe 'Waiting' {
    BeforeEach { Reset-Emulator }

    It 'times out with AuraWaitTimeout naming the item and its last status' {
        Set-InstanceStatus 'a1b2c3d4' 'suspended'
        $out = Wait-AuraInstance -InstanceId 'a1b2c3d4' -TimeoutSec 2 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraWaitTimeout*'
        $errs[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errs[0].Exception.Message | Should -Match 'a1b2c3d4'
        $errs[0].Exception.Message | Should -Match 'suspended'
    }

    It 'waits through a status it does not know until it clears' {
        Set-InstanceStatus 'a1b2c3d4' 'suspended'
        $job = Start-ThreadJob -ArgumentList $emu.BaseUri -ScriptBlock {
            param($base)
            Start-Sleep -Seconds 3
            Invoke-RestMethod -Method Post -Uri "$base/_emulator/instances/a1b2c3d4/status" -Body '{"status":"running"}' -ContentType 'application/json'
        }
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $instance = Wait-AuraInstance -InstanceId 'a1b2c3d4' -TimeoutSec 30
            $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 2.5
            $instance.Status | Should -Be 'running'
        } finally { $job | Wait-Job | Remove-Job }
    }

    It 'ends the wait at once with AuraInstanceFailed on loading failed' {
        Set-InstanceStatus 'a1b2c3d4' 'loading failed'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Wait-AuraInstance -InstanceId 'a1b2c3d4' -TimeoutSec 60 -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraInstanceFailed*'
        $errs[0].Exception.Message | Should -Match 'loading failed'
    }

    It 'returns at once for an instance that already has the status, and waits for others' {
        $out = Wait-AuraInstance -InstanceId 'a1b2c3d4', 'e5f6a7b8' -Status paused -TimeoutSec 2 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Id | Should -Be 'e5f6a7b8'
        $errs.Count | Should -Be 1
        $errs[0].TargetObject.Id | Should -Be 'a1b2c3d4'   # the instance as last seen, so the wait can be resumed:
        $errs[0].Exception.Message | Should -Match "still 'running'"
        $errs[0].ErrorDetails.RecommendedAction | Should -Match 'TargetObject \| Wait-AuraInstance'
        $errs[0].TargetObject | Wait-AuraInstance -Status paused -TimeoutSec 1 -ErrorVariable again -ErrorAction SilentlyContinue
        $again[0].FullyQualifiedErrorId | Should -BeLike 'AuraWaitTimeout*'
    }
}

Describe 'Invoke-AuraApi' {
    BeforeAll { Reset-Emulator }

    It 'returns the parsed data as objects' {
        $instances = Invoke-AuraApi -Method Get -Path '/instances'
        $instances.Count | Should -Be 5
        $instances[0].id | Should -Not -BeNullOrEmpty
        (Invoke-AuraApi Get "/instances/a1b2c3d4").name | Should -Be 'prod-orders'
    }

    It 'returns the raw body with -Raw' {
        $raw = Invoke-AuraApi -Method Get -Path 'tenants' -Raw
        $raw | Should -BeOfType [string]
        ($raw | ConvertFrom-Json).data.Count | Should -Be 2
    }

    It 'sends a hashtable body as JSON, with ShouldProcess' {
        Clear-AuraEmulatorRequestLog $emu
        Invoke-AuraApi -Method Patch -Path '/instances/d4e5f6a7' -Body @{ name = 'staging-renamed' } -WhatIf
        @(Get-ApiLog | Where-Object method -eq 'PATCH').Count | Should -Be 0
        (Invoke-AuraApi -Method Patch -Path '/instances/d4e5f6a7' -Body @{ name = 'staging-renamed' } -Confirm:$false).name | Should -Be 'staging-renamed'
        (Invoke-AuraApi -Method Patch -Path '/instances/d4e5f6a7' -Body '{"name":"staging-orders"}' -Confirm:$false).name | Should -Be 'staging-orders'
    }

    It 'reports API errors with the contract categories and refuses paths outside the API' {
        Invoke-AuraApi -Method Get -Path '/instances/ffffffff' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Invoke-AuraApi -Method Get -Path 'https://example.com/x' -ErrorVariable errs2 -ErrorAction SilentlyContinue
        $errs2[0].FullyQualifiedErrorId | Should -BeLike 'AuraInvalidArgument*'
    }
}

Describe 'Tenants' {
    It 'lists tenants and gets one with its instance configurations, piped from an instance' {
        (Get-AuraTenant).Count | Should -Be 2
        $tenant = Get-AuraInstance -InstanceId 'a1b2c3d4' | Get-AuraTenant
        $tenant.Id | Should -Be $prodTenant
        $tenant.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraTenant'
        $tenant.InstanceConfigurations.Count | Should -BeGreaterThan 0
        ($tenant | Format-Table | Out-String -Width 250) | Should -Match 'enterprise-db'
    }
}

Describe 'The one-time password warning and prompts a host cannot show' {
    BeforeAll {
        Reset-Emulator
        $script:newArgs = @{ TenantId = $prodTenant; Region = 'europe-west1'; CloudProvider = 'gcp'; Type = 'enterprise-db'; Memory = '8GB'; Confirm = $false }
        $script:pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        [string[]] $script:pwshArgs = if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { @([System.Reflection.Assembly]::GetEntryAssembly().Location) } else { @() }
        # Runs a script file in a child pwsh connected to the emulator; stdin is closed at once (as under a service).
        function Invoke-ChildScript([string] $Body, [switch] $NonInteractive) {
            $file = Join-Path ([IO.Path]::GetTempPath()) "aura-child-$([guid]::NewGuid().ToString('N')).ps1"
            Set-Content -Path $file -Encoding utf8 -Value (@"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-AuraTestModulePath)'
`$env:NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE = 100000
Connect-Aura -ClientId '$($emu.ClientId)' -ClientSecret (ConvertTo-SecureString '$($emu.ClientSecret)' -AsPlainText -Force) -BaseUri '$($emu.BaseUri)'
"@ + "`n" + $Body)
            try {
                $info = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
                foreach ($a in $pwshArgs) { $info.ArgumentList.Add($a) }
                foreach ($a in @('-NoProfile') + @(if ($NonInteractive) { '-NonInteractive' }) + @('-File', $file)) { $info.ArgumentList.Add($a) }
                $info.RedirectStandardInput = $true
                $info.RedirectStandardOutput = $true
                $info.RedirectStandardError = $true
                $p = [System.Diagnostics.Process]::Start($info)
                $p.StandardInput.Close()
                $stdout = $p.StandardOutput.ReadToEndAsync(); $stderr = $p.StandardError.ReadToEndAsync()
                if (-not $p.WaitForExit(60000)) { $p.Kill(); throw 'the child pwsh did not finish in 60 s' }
                [pscustomobject]@{ ExitCode = $p.ExitCode; Out = $stdout.Result + $stderr.Result }
            }
            finally { Remove-Item $file -ErrorAction SilentlyContinue }
        }
    }

    It 'warns when a new instance is a statement of its own, naming the instance to find on CreatedInstances' {
        New-AuraInstance -Name 'pester-bare' @newArgs -WarningVariable w -WarningAction SilentlyContinue | Out-Null
        # Out-Null at the end of the pipeline keeps it: no warning. A bare statement does not keep it:
        $w | Should -BeNullOrEmpty
        New-AuraInstance -Name 'pester-bare2' @newArgs -WarningVariable w2 -WarningAction SilentlyContinue
        $id = ((Get-AuraConnection).CreatedInstances | Where-Object Name -eq 'pester-bare2').Id
        "$w2" | Should -Match 'one-time password of instance pester-bare2'
        "$w2" | Should -Match ([regex]::Escape("Where-Object Id -eq '$id'"))
    }

    It 'does not warn when the output is assigned, also over several lines of a pipeline' {
        $one = New-AuraInstance -Name 'pester-kept' @newArgs -WarningVariable w1 -WarningAction SilentlyContinue
        $many = @([pscustomobject]@{ Name = 'pester-kept-a' }, [pscustomobject]@{ Name = 'pester-kept-b' }) |
            Where-Object Name |
            New-AuraInstance @newArgs -WarningVariable w2 -WarningAction SilentlyContinue
        $one.Credential | Should -BeOfType [pscredential]
        @($many).Count | Should -Be 2
        $w1 | Should -BeNullOrEmpty
        $w2 | Should -BeNullOrEmpty -Because 'the pipeline that starts on an earlier line is assigned to a variable'
    }

    It 'with -Debug in a host that cannot ask, still outputs the instance with its password and shows the warning as debug' {
        # -Debug makes PowerShell ask before every warning; pwsh -NonInteractive cannot ask and would throw.
        $r = Invoke-ChildScript -NonInteractive @"
New-AuraInstance -Name 'pester-debug' -TenantId '$prodTenant' -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Confirm:`$false -Debug |
    ForEach-Object { 'PASSWORD-LENGTH ' + `$_.Credential.GetNetworkCredential().Password.Length }
New-AuraInstance -Name 'pester-debug2' -TenantId '$prodTenant' -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Confirm:`$false -Debug
'OK'
"@
        $r.Out | Should -Not -Match 'NonInteractive|PromptForChoice|Exception'
        $r.Out | Should -Match 'PASSWORD-LENGTH \d{2,}'
        $r.Out | Should -Match 'DEBUG: WARNING: The one-time password of instance pester-debug2'
        $r.Out | Should -Match '(?m)^OK'
        $r.ExitCode | Should -Be 0
    }

    It 'says how to confirm in advance when the console host has no input to ask with (not a NullReferenceException)' {
        $r = Invoke-ChildScript @"
try { Set-AuraInstance -InstanceId d4e5f6a7 -Type business-critical } catch { 'ERROR ' + (`$_.FullyQualifiedErrorId -split ',')[0] + ' ' + `$_.Exception.Message }
"@
        $r.Out | Should -Match 'ERROR AuraConfirmationRequired .*-Force'
        $r.Out | Should -Not -Match 'NullReferenceException'
        (Invoke-AuraEmulatorControl $emu -Path '/_emulator/state').instances.Where({ $_.id -eq 'd4e5f6a7' }).type | Should -Be 'professional-db'
    }
}
